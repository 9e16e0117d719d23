import ServiceLifecycle
import UnixSignals

/// SIGHUP re-reads the config and certificates (`nodeagent reload` does the same over the admin
/// socket); the reloads run one after another, and the watch ends with the group's graceful shutdown.
struct HangupReloader: Service {
    let agent: Agent

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            _ = await agent.reload()
        }
    }
}
