import Foundation
import Mesh
import Operations
import Quorum
import Wire

/// `nodeagent op …` through the admin API. Every mutation names the admin: the certificate's name,
/// or the local socket of this node.
extension AgentAdmin {
    func operationCommand(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse {
        guard let operations = agent.operations else {
            return AdminResponse(id: request.id, error: "no quorum.voters configured on this node: operations need the quorum")
        }
        let admin = Self.adminName(caller, node: agent.nodeName)
        let id = request.arguments["id"]
        switch request.command {
        case "op-status":
            let reports = await operations.reports(id: id)
            if let id, reports.isEmpty { return AdminResponse(id: request.id, error: "no operation named \(id)") }
            return encode(request.id, reports)
        case "op-logs":
            guard let id else { return AdminResponse(id: request.id, error: "missing argument \"id\"") }
            switch await operations.logs(id: id, node: request.arguments["node"], step: request.arguments["step"]) {
            case let .success(logs): return encode(request.id, logs)
            case let .failure(error): return AdminResponse(id: request.id, error: error.description)
            }
        case "op-start":
            guard let id, let text = request.arguments["rollout"],
                  let rollout = try? JSONDecoder().decode(Rollout.self, from: Data(text.utf8)) else {
                return AdminResponse(id: request.id, error: "op-start needs \"id\" and a \"rollout\" (from nodeagent op run)")
            }
            return commit(request.id, await operations.start(rollout, id: id, admin: admin), id: id)
        default:
            guard let id else { return AdminResponse(id: request.id, error: "missing argument \"id\"") }
            switch request.command {
            case "op-cancel": return commit(request.id, await operations.command(.cancelRequested, id: id, admin: admin), id: id)
            case "op-pause": return commit(request.id, await operations.command(.paused, id: id, admin: admin), id: id)
            default:
                let decision: OperatorDecision? = switch request.arguments["decision"] {
                case "retry-step": .retryStep
                case "skip-step": .skipStep
                default: nil
                }
                return commit(request.id, await operations.resume(id: id, decision: decision, admin: admin), id: id)
            }
        }
    }

    static func adminName(_ caller: AdminCaller, node: String) -> String {
        switch caller {
        case .localSocket: "local socket on \(node)"
        case let .admin(name), let .node(name), let .reader(name): name
        }
    }

    private func commit(_ requestID: UInt64, _ result: CommitResult, id: String) -> AdminResponse {
        switch result {
        case let .committed(index, _):
            return AdminResponse(id: requestID, result: .object(["operation": .string(id), "index": .number(Double(index))]))
        case let .rejected(reason):
            return AdminResponse(id: requestID, error: reason)
        }
    }

    private func encode(_ requestID: UInt64, _ value: some Encodable) -> AdminResponse {
        do {
            return AdminResponse(id: requestID, result: try JSONValue(encoding: value))
        } catch {
            return AdminResponse(id: requestID, error: "cannot encode the answer: \(error)")
        }
    }
}

extension AgentAdmin {
    /// `op run`'s artifacts: the upload into this node's staging, the sending to the targets, progress.
    func artifactCommand(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse {
        guard let artifacts = agent.artifacts else { return AdminResponse(id: request.id, error: "the agent is not running yet") }
        let result: Result<JSONValue, AgentError>
        switch request.command {
        case "artifact-put": result = await artifacts.put(request.arguments, admin: Self.adminName(caller, node: agent.nodeName))
        case "artifact-send": result = artifacts.send(request.arguments)
        default:
            guard let id = request.arguments["id"] else { return AdminResponse(id: request.id, error: "missing argument \"id\"") }
            return encode(request.id, await artifacts.status(operation: id))
        }
        switch result {
        case let .success(value): return AdminResponse(id: request.id, result: value)
        case let .failure(error): return AdminResponse(id: request.id, error: error.description)
        }
    }
}
