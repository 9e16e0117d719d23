/// A named event and how it is detected: the rule, its parameters, the severity it fires with, and
/// whether the operator may switch it off. The catalogue holds the defaults; the fleet state holds
/// what operators changed (`EventPolicySetting`), and `applying(_:)` gives the policy in effect.
public struct EventPolicy: Sendable, Hashable {
    /// Where the evidence comes from, so a node only samples what it runs.
    public enum Source: String, Sendable, Hashable, Codable {
        /// PostgreSQL, Patroni, etcd and HAProxy on a database node (`[database]` in its config).
        case database
        /// The node itself: its kernel, its checks, its certificate, its view of the quorum.
        case node
        /// The whole fleet as the coordinator sees it: members, VIP groups.
        case fleet
    }

    /// The key of the policy, e.g. `etcd_unavailable`.
    public let name: String
    public let title: String
    public let source: Source
    public let rule: DetectorRule
    /// The tunables and their defaults.
    public let parameters: [EventParameter]
    /// What to do when it fires, as the console tells its operators.
    public let remedy: String
    /// A mandatory policy cannot be disabled: the events that mean data or availability is at stake.
    public let mandatory: Bool
    public var severity: EventSeverity
    public var enabled: Bool
    /// Parameter values as text, by key: the defaults with the operator's changes on top.
    public var values: [String: String]

    public init(name: String, title: String, source: Source, rule: DetectorRule, parameters: [EventParameter] = [],
                severity: EventSeverity, mandatory: Bool, enabled: Bool = true, remedy: String) {
        self.name = name
        self.title = title
        self.source = source
        self.rule = rule
        self.parameters = parameters
        self.remedy = remedy
        self.mandatory = mandatory
        self.severity = severity
        self.enabled = enabled
        var values: [String: String] = [:]
        for parameter in parameters { values[parameter.key] = parameter.defaultText }
        self.values = values
    }

    /// The value of parameter `key` in its base unit; the default when the text set is unreadable
    /// (validation refuses that before it is stored), nil only for a key the policy lacks.
    public func number(_ key: String) -> Double? {
        guard let parameter = parameters.first(where: { $0.key == key }) else { return nil }
        return values[key].flatMap(parameter.value(of:)) ?? parameter.value(of: parameter.defaultText)
    }

    /// The policy with the operator's setting on top. Parameters the policy does not have are ignored
    /// (a newer version may have written them).
    public func applying(_ setting: EventPolicySetting?) -> EventPolicy {
        guard let setting else { return self }
        var policy = self
        if let enabled = setting.enabled { policy.enabled = enabled || mandatory }
        if let severity = setting.severity { policy.severity = severity }
        for (key, text) in setting.parameters {
            guard let parameter = parameters.first(where: { $0.key == key }), parameter.value(of: text) != nil else { continue }
            policy.values[key] = text
        }
        return policy
    }

    /// The parameters as `key=value` pairs in declaration order, as the console shows them.
    public var parameterText: String {
        parameters.map { "\($0.key)=\(values[$0.key] ?? $0.defaultText)" }.joined(separator: ",")
    }
}
