/// The part of a node's Raft state that must be durable before the node answers anyone: its current term
/// and whom it voted for in that term. Losing either could let one node vote twice in a term.
public struct HardState: Hashable, Codable, Sendable {
    public var term: UInt64
    public var votedFor: NodeID?

    public init(term: UInt64 = 0, votedFor: NodeID? = nil) {
        self.term = term
        self.votedFor = votedFor
    }
}
