import Quorum

/// The answer to `nodeagent fleet state`: the replicated fleet state as a node has applied it.
public struct FleetStateReport: Codable, Sendable, Equatable {
    public var node: String
    /// Whether the read was confirmed current through the coordinator (`--current`).
    public var current: Bool
    public var state: FleetState
}
