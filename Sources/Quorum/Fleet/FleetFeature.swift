/// A capability of the replicated fleet state that an agent version understands, advertised in gossip
/// (`features`) so that the coordinator proposes a command only when every node that must apply it can
/// (etcd's cluster version, Consul's autopilot upgrade versions). Names, not numbers: a rollback or a
/// skipped version still compares correctly.
public struct FleetFeature: Hashable, Comparable, Codable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { name = value }

    public init(from decoder: any Decoder) throws { name = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }
    public static func < (lhs: FleetFeature, rhs: FleetFeature) -> Bool { lhs.name < rhs.name }

    /// The commands every released agent knows (VIP modes, pins, grants, operation steps, the config
    /// version). An agent that advertises no features predates advertising and understands exactly this.
    public static let fleetStateV1: FleetFeature = "fleet-state/1"
    /// Keeps commands of unknown kinds (`UnknownCommand`) instead of refusing them: from here on, a
    /// newer coordinator's entries never stall or truncate this agent's log.
    public static let keepsUnknownCommands: FleetFeature = "keeps-unknown-commands"

    /// Fleet operations (`startOperation`, `recordOperation`): plans, progress and attempts in the
    /// replicated state. Every voter and every target must know it before an operation starts.
    public static let operations: FleetFeature = "operations/1"

    /// `forgetOperations`: ended operations beyond the newest `OperationRetention.keep` leave the state.
    public static let operationRetention: FleetFeature = "forget-operations/1"

    /// `setEventPolicy`: operators' changes to event policies in the replicated state.
    public static let eventPolicies: FleetFeature = "event-policies/1"

    /// What an agent that advertises nothing understands.
    public static let baseline: Set<FleetFeature> = [.fleetStateV1]
    /// What this version understands, and advertises.
    public static let supported: Set<FleetFeature> = [.fleetStateV1, .keepsUnknownCommands, .operations, .operationRetention, .eventPolicies]
}
