/// Who owns a VIP group according to the replicated fleet state, and since which term and log index.
///
/// This is the DECISION; eligibility on the node itself also needs a live lease (`HolderLease`).
public struct GrantRecord: Hashable, Codable, Sendable {
    public var node: NodeID
    /// The term of the leader whose log entry created this grant.
    public var term: UInt64
    /// The log index of that entry.
    public var index: UInt64
    /// True when the grant moved while the previous holder was still fit (a planned handover); nil
    /// otherwise, and in records written before the field existed.
    public var planned: Bool?

    public init(node: NodeID, term: UInt64, index: UInt64, planned: Bool? = nil) {
        self.node = node
        self.term = term
        self.index = index
        self.planned = planned
    }
}
