/// What an operator changed about one policy (`nodeagent events policy set`), kept in the replicated
/// fleet state so that every node detects with the same settings and a new node inherits them. Only the
/// changes are stored: a later version's better default still reaches a policy nobody tuned.
public struct EventPolicySetting: Codable, Sendable, Hashable {
    public var enabled: Bool?
    public var severity: EventSeverity?
    /// Parameter values as the operator wrote them, by key.
    public var parameters: [String: String]

    public init(enabled: Bool? = nil, severity: EventSeverity? = nil, parameters: [String: String] = [:]) {
        self.enabled = enabled
        self.severity = severity
        self.parameters = parameters
    }

    /// This setting with `change` on top: what `policy set` stores when a setting exists already.
    public func merging(_ change: EventPolicySetting) -> EventPolicySetting {
        EventPolicySetting(enabled: change.enabled ?? enabled, severity: change.severity ?? severity,
                           parameters: parameters.merging(change.parameters) { $1 })
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        severity = try container.decodeIfPresent(EventSeverity.self, forKey: .severity)
        parameters = try container.decodeIfPresent([String: String].self, forKey: .parameters) ?? [:]
    }
}
