import Foundation
import Mesh
import Wire

/// The agent's admin API: what `nodeagent status`, `reload` and later commands ask.
struct AgentAdmin: AdminDispatcher {
    /// Commands that change state; only the local socket and admin certificates may send them.
    static let mutations: Set<String> = ["reload"]

    let agent: Agent

    func isMutation(_ command: String) -> Bool {
        AgentAdmin.mutations.contains(command)
    }

    func handle(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse {
        do {
            switch request.command {
            case "status":
                return AdminResponse(id: request.id, result: try JSONValue(encoding: await agent.statusReport()))
            case "members":
                return AdminResponse(id: request.id, result: try JSONValue(encoding: await agent.membersReport()))
            case "reload":
                switch await agent.reload() {
                case let .success(message): return AdminResponse(id: request.id, result: .object(["result": .string(message)]))
                case let .failure(error): return AdminResponse(id: request.id, error: error.description)
                }
            default:
                return AdminResponse(id: request.id, error: "unknown command \"\(request.command)\"; known: status, members, reload")
            }
        } catch {
            return AdminResponse(id: request.id, error: "cannot encode the answer: \(error)")
        }
    }
}
