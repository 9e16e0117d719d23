/// Who owns a VIP group according to the replicated fleet state, and since which term and log index.
///
/// This is the DECISION; eligibility on the node itself also needs a live lease (`HolderLease`).
public struct GrantRecord: Hashable, Codable, Sendable {
    public var node: NodeID
    /// The term of the leader whose log entry created this grant.
    public var term: UInt64
    /// The log index of that entry.
    public var index: UInt64

    public init(node: NodeID, term: UInt64, index: UInt64) {
        self.node = node
        self.term = term
        self.index = index
    }
}
