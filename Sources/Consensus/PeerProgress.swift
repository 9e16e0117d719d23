/// The leader's view of one follower's replication.
struct PeerProgress: Sendable {
    var nextIndex: UInt64
    var matchIndex: UInt64 = 0
    /// Latest leader-clock send time that this peer has acknowledged (echoed back).
    var ackedSentAt: Instant?
    /// Latest leader-clock send time of a message this peer answered with success (AppendEntries or
    /// InstallSnapshot): a later refusal below `matchIndex` proves the peer lost its log.
    var matchSentAt: Instant?
    var lastContact: Instant?
}
