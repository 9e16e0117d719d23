/// The health of all checks of a node, as the agent publishes it in gossip metadata and the VIP
/// arbiter reads it: a node is healthy only when every check is `passing`, so an `unknown` check
/// (a node still starting) keeps it from taking a VIP just as a `failing` one does.
public struct HealthSummary: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Every check by name.
    public private(set) var states: [String: CheckState]

    public init(states: [String: CheckState] = [:]) {
        self.states = states
    }

    /// Summarises the current state of each machine, keyed by its check's name.
    public init(machines: [CheckStateMachine]) {
        var states: [String: CheckState] = [:]
        for machine in machines { states[machine.spec.name] = machine.state }
        self.init(states: states)
    }

    /// True when every check passes (and trivially for a node without checks).
    public var allPassing: Bool { states.values.allSatisfy { $0 == .passing } }

    /// Names of the failing checks, sorted, for logs and the arbiter's reasons.
    public var failing: [String] { names(in: .failing) }
    /// Names of the checks without a verdict yet, sorted.
    public var unknown: [String] { names(in: .unknown) }
    /// Names of the passing checks, sorted.
    public var passing: [String] { names(in: .passing) }

    /// Sets one check's state; used by drivers as transitions arrive.
    public mutating func set(_ name: String, to state: CheckState) {
        states[name] = state
    }

    /// One line for logs and status tables: "healthy" or e.g. "failing: db, web; unknown: cache".
    public var description: String {
        if allPassing { return "healthy" }
        var parts: [String] = []
        if !failing.isEmpty { parts.append("failing: " + failing.joined(separator: ", ")) }
        if !unknown.isEmpty { parts.append("unknown: " + unknown.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    private func names(in state: CheckState) -> [String] {
        states.filter { $0.value == state }.map(\.key).sorted()
    }
}
