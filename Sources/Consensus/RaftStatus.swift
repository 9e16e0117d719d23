/// A point-in-time view of one node for `nodeagent status`: enough to see who coordinates, how far each
/// member has replicated and how fresh the contact is.
public struct RaftStatus: Hashable, Codable, Sendable {
    public var id: NodeID
    public var role: RaftRole
    public var term: UInt64
    public var leader: NodeID?
    public var commitIndex: UInt64
    public var appliedIndex: UInt64
    public var lastLogIndex: UInt64
    public var snapshotIndex: UInt64
    /// Local time this node last heard from a coordinator (followers), nil if never.
    public var lastLeaderContact: Instant?
    /// Per-peer replication state; filled on the coordinator only.
    public var peers: [RaftPeerStatus]
    /// Groups for which this node currently holds a valid lease.
    public var heldLeases: [String]
}
