import Events

/// One row of `nodeagent events policies`: the policy in effect and whether an operator changed it.
/// Field names are the stable `--json` shape.
public struct EventPolicyReport: Codable, Sendable, Equatable {
    public var name: String
    public var title: String
    /// Where the evidence comes from: database, node or fleet.
    public var source: String
    public var severity: String
    public var enabled: Bool
    /// A mandatory policy cannot be disabled.
    public var mandatory: Bool
    /// `key=value` pairs, comma-separated, as set or by default.
    public var parameters: String
    public var remedy: String
    /// Whether the fleet state holds an operator's change to this policy.
    public var changed: Bool

    init(_ policy: EventPolicy, changed: Bool) {
        name = policy.name
        title = policy.title
        source = policy.source.rawValue
        severity = policy.severity.rawValue
        enabled = policy.enabled
        mandatory = policy.mandatory
        parameters = policy.parameterText
        remedy = policy.remedy
        self.changed = changed
    }
}
