import Foundation
import Mesh
import Quorum
import Wire

/// The agent's admin API: what `nodeagent status`, `reload` and later commands ask.
struct AgentAdmin: AdminDispatcher {
    /// Commands that change state; only the local socket and admin certificates may send them.
    static let mutations: Set<String> = ["reload", "set-config-version", "vip-pin", "vip-unpin", "vip-promote", "vip-mode",
                                        "op-start", "op-cancel", "op-pause", "op-resume",
                                        "artifact-put", "artifact-send", "events-policy-set"]

    let agent: Agent

    func isMutation(_ command: String) -> Bool {
        AgentAdmin.mutations.contains(command)
    }

    func handle(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse {
        if let node = request.arguments["at_node"], node != agent.nodeName {
            return await forward(request, to: node)
        }
        do {
            switch request.command {
            case "status":
                return AdminResponse(id: request.id, result: try JSONValue(encoding: await agent.statusReport()))
            case "members":
                return AdminResponse(id: request.id, result: try JSONValue(encoding: await agent.membersReport()))
            case "coordinator":
                guard let report = await agent.coordinatorReport() else {
                    return AdminResponse(id: request.id, error: "no quorum.voters configured on this node")
                }
                return AdminResponse(id: request.id, result: try JSONValue(encoding: report))
            case "fleet-state":
                switch await agent.fleetStateReport(current: request.arguments["current"] == "true") {
                case let .success(report): return AdminResponse(id: request.id, result: try JSONValue(encoding: report))
                case let .failure(error): return AdminResponse(id: request.id, error: error.description)
                }
            case "set-config-version":
                guard let text = request.arguments["version"], let version = UInt64(text) else {
                    return AdminResponse(id: request.id, error: "set-config-version needs a whole number argument \"version\"")
                }
                return commitResponse(id: request.id, await agent.submit(.setConfigVersion(version: version)))
            case "vip":
                guard let report = await agent.vipReport() else {
                    return AdminResponse(id: request.id, error: "no vip_groups configured on this node")
                }
                return AdminResponse(id: request.id, result: try JSONValue(encoding: report))
            case "vip-pin", "vip-unpin", "vip-promote", "vip-mode":
                return await vipMutation(request)
            case "op-start", "op-status", "op-logs", "op-cancel", "op-pause", "op-resume":
                return await operationCommand(request, caller: caller)
            case "diagnose":
                guard let diagnosis = agent.diagnosis else { return AdminResponse(id: request.id, error: "the agent is not running yet") }
                if request.arguments["all"] == "true" {
                    return AdminResponse(id: request.id, result: try JSONValue(encoding: await diagnosis.fleet(me: agent.nodeName)))
                }
                return AdminResponse(id: request.id, result: try JSONValue(encoding: await diagnosis.local()))
            case "artifact-put", "artifact-send", "artifact-status":
                return await artifactCommand(request, caller: caller)
            case "events", "events-summary", "events-policies", "events-policy-set":
                return await eventsCommand(request, caller: caller)
            case "reload":
                switch await agent.reload() {
                case let .success(message): return AdminResponse(id: request.id, result: .object(["result": .string(message)]))
                case let .failure(error): return AdminResponse(id: request.id, error: error.description)
                }
            default:
                return AdminResponse(id: request.id, error: "unknown command \"\(request.command)\"; known: status, members, coordinator, fleet-state, set-config-version, vip, vip-pin, vip-unpin, vip-promote, vip-mode, op-start, op-status, op-logs, op-cancel, op-pause, op-resume, artifact-put, artifact-send, artifact-status, diagnose, events, events-summary, events-policies, events-policy-set, reload")
            }
        } catch {
            return AdminResponse(id: request.id, error: "cannot encode the answer: \(error)")
        }
    }

    /// A query for another node (`at_node`): asked through the mesh, answered as that node answers any
    /// node (queries only). Mutations are not forwarded: any node commits them through the coordinator.
    private func forward(_ request: AdminRequest, to node: String) async -> AdminResponse {
        guard !isMutation(request.command) else {
            return AdminResponse(id: request.id, error: "\(request.command) changes the fleet: run it on any node without --node")
        }
        var forwarded = request
        forwarded.arguments["at_node"] = nil
        guard let answer = await agent.forward(forwarded, to: node) else {
            return AdminResponse(id: request.id, error: "\(node) did not answer through the mesh within \(HTTPAPIServer.forwardTimeout.components.seconds) s: "
                + "it is not a member connected to \(agent.nodeName), or it is overloaded")
        }
        return answer
    }

    /// pin / unpin / promote / mode: checked against the configured groups, then committed.
    private func vipMutation(_ request: AdminRequest) async -> AdminResponse {
        let arguments = request.arguments
        guard let group = arguments["group"] else { return AdminResponse(id: request.id, error: "missing argument \"group\"") }
        let node = arguments["node"]
        let command: FleetCommand
        switch request.command {
        case "vip-unpin":
            command = .unpin(group: group)
        case "vip-mode":
            guard let node, let mode = arguments["mode"], ["auto", "passive"].contains(mode) else {
                return AdminResponse(id: request.id, error: "vip mode needs a node and a mode: auto or passive")
            }
            command = .setVIPMode(group: group, node: NodeID(node), mode: mode)
        default:
            guard let node else { return AdminResponse(id: request.id, error: "missing argument \"node\"") }
            command = request.command == "vip-pin" ? .pin(group: group, node: NodeID(node)) : .grant(group: group, node: NodeID(node), planned: true)
        }
        return commitResponse(id: request.id, await agent.vipCommand(command, group: group, node: node))
    }

    /// A committed command is an answer; a rejected one is an error the CLI shows with its reason.
    private func commitResponse(id: UInt64, _ result: CommitResult) -> AdminResponse {
        switch result {
        case let .committed(index, term):
            return AdminResponse(id: id, result: .object(["committed": .bool(true), "index": .number(Double(index)), "term": .number(Double(term))]))
        case let .rejected(reason):
            return AdminResponse(id: id, error: "not committed: \(reason)")
        }
    }
}
