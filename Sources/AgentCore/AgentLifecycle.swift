import ServiceLifecycle

/// The agent as a service of the lifecycle's group: it runs until a graceful shutdown (SIGTERM,
/// SIGINT) or the agent's own stop request (its parent exited), then stops the agent in order —
/// VIP controller, gossip leave, quorum, mesh, admin socket — inside the group's time limit.
struct AgentLifecycle: Service {
    let agent: Agent
    let stops: AsyncStream<String>

    func run() async throws {
        let reason = await withGracefulShutdownHandler {
            var reason = "stopped"
            for await why in stops {
                reason = why
                break
            }
            return reason
        } onGracefulShutdown: {
            agent.requestStop("SIGTERM or SIGINT")
        }
        await agent.stop(reason: reason)
    }
}
