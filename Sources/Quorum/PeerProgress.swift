/// The leader's view of one follower's replication.
struct PeerProgress: Sendable {
    var nextIndex: UInt64
    var matchIndex: UInt64 = 0
    /// Latest leader-clock send time that this peer has acknowledged (echoed back).
    var ackedSentAt: Instant?
    var lastContact: Instant?
}
