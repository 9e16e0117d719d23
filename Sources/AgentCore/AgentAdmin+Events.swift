import Events
import Foundation
import Logging
import Mesh
import Quorum
import Wire

/// `nodeagent events …` through the admin API.
extension AgentAdmin {
    func eventsCommand(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse {
        guard let events = agent.events else { return AdminResponse(id: request.id, error: "the agent is not running yet") }
        let arguments = request.arguments
        switch request.command {
        case "events-policies":
            let settings = await agent.fleetStateReport(current: false).map(\.state.eventPolicies)
            let changed = (try? settings.get()) ?? [:]
            let rows = EventCatalogue.effective(changed).map { EventPolicyReport($0, changed: changed[$0.name] != nil) }
            return encodeEvents(request.id, rows)
        case "events-policy-set":
            return await setPolicy(request, caller: caller)
        default:
            let query: EventQuery
            switch Self.query(arguments) {
            case let .success(parsed): query = parsed
            case let .failure(refusal): return AdminResponse(id: request.id, error: refusal.description)
            }
            let nodes: [String]? = arguments["all_nodes"] == "true" ? nil : [arguments["node"] ?? agent.nodeName]
            let summary = request.command == "events-summary"
            let answer = await events.fleet(summary ? EventQuery(since: query.since) : query, nodes: nodes)
            if let only = nodes?.first, nodes?.count == 1, answer.silent.contains(only) {
                return AdminResponse(id: request.id, error: "\(only) did not answer within \(EventService.peerWait.components.seconds) s: "
                    + "it is not connected to \(agent.nodeName), or runs an agent without events")
            }
            if summary {
                let history = EventHistory(capacity: max(1, answer.records.count), records: answer.records)
                return encodeEvents(request.id, EventSummaryReport(counts: history.dailyCounts(), silent: answer.silent))
            }
            var records = answer.records
            if let limit = query.limit { records = Array(records.suffix(limit)) }
            return encodeEvents(request.id, EventsReport(records: records, silent: answer.silent))
        }
    }

    /// The filters of `events`: `since` (seconds since 1970), `severity`, `policy`, `limit`.
    static func query(_ arguments: [String: String]) -> Result<EventQuery, QueryRefusal> {
        var query = EventQuery()
        if let text = arguments["since"] {
            guard let since = Double(text), since.isFinite else { return .failure(QueryRefusal("since must be seconds since 1970, got \"\(text)\"")) }
            query.since = since
        }
        if let text = arguments["severity"] {
            guard let severity = EventSeverity(rawValue: text) else {
                return .failure(QueryRefusal("severity must be fatal, critical or normal, got \"\(text)\""))
            }
            query.severity = severity
        }
        if let text = arguments["limit"] {
            guard let limit = Int(text), limit > 0 else { return .failure(QueryRefusal("limit must be a positive whole number, got \"\(text)\"")) }
            query.limit = limit
        }
        query.policy = arguments["policy"]
        return .success(query)
    }

    /// Validates the change against the catalogue and commits it through the coordinator, naming the admin.
    private func setPolicy(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse {
        let arguments = request.arguments
        guard let name = arguments["name"] else { return AdminResponse(id: request.id, error: "missing argument \"name\"") }
        var change = EventPolicySetting()
        if let text = arguments["enabled"] {
            guard let enabled = Bool(text) else { return AdminResponse(id: request.id, error: "enabled must be true or false, got \"\(text)\"") }
            change.enabled = enabled
        }
        if let text = arguments["severity"] {
            guard let severity = EventSeverity(rawValue: text) else {
                return AdminResponse(id: request.id, error: "severity must be fatal, critical or normal, got \"\(text)\"")
            }
            change.severity = severity
        }
        if let text = arguments["params_json"] {
            guard let params = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
                return AdminResponse(id: request.id, error: "params must be an object of strings")
            }
            change.parameters.merge(params) { $1 }
        }
        if let text = arguments["params"], !text.isEmpty {
            for pair in text.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    return AdminResponse(id: request.id, error: "--param takes KEY=VALUE, got \"\(pair)\"")
                }
                change.parameters[parts[0]] = parts[1]
            }
        }
        do {
            try EventCatalogue.validate(name, change)
        } catch {
            return AdminResponse(id: request.id, error: error.description)
        }
        let admin = Self.adminName(caller, node: agent.nodeName)
        let result = await agent.submitApplied(.setEventPolicy(name: name, setting: change))
        let described = Self.describe(change)
        switch result {
        case let .committed(index, _):
            agent.logEvent(.notice, "event policy \(name) changed by \(admin): \(described)", metadata: [
                "event": "event_policy_set", "policy": "\(name)", "admin": "\(admin)", "change": "\(described)", "index": "\(index)",
            ])
            return AdminResponse(id: request.id, result: .object(["policy": .string(name), "index": .number(Double(index))]))
        case let .rejected(reason):
            return AdminResponse(id: request.id, error: "not committed: \(reason)")
        }
    }

    /// Why the filters of an `events` request were refused.
    struct QueryRefusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func describe(_ change: EventPolicySetting) -> String {
        var parts: [String] = []
        if let enabled = change.enabled { parts.append("enabled=\(enabled)") }
        if let severity = change.severity { parts.append("severity=\(severity.rawValue)") }
        parts += change.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return parts.joined(separator: ",")
    }

    private func encodeEvents(_ requestID: UInt64, _ value: some Encodable) -> AdminResponse {
        do {
            return AdminResponse(id: requestID, result: try JSONValue(encoding: value))
        } catch {
            return AdminResponse(id: requestID, error: "cannot encode the answer: \(error)")
        }
    }
}
