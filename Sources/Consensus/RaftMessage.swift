extension Raft {
    /// Every message Raft nodes exchange. Codable so the transport can frame it as it likes.
    ///
    /// Instants inside messages are only ever echoed back to the node whose clock produced them.
    public enum Message: Hashable, Codable, Sendable {
        /// "Would you vote for me in `term`?" — asked before bumping any term, so a node that was cut off
        /// cannot disrupt a healthy leader by coming back with a higher term (pre-vote, Raft thesis §9.6).
        case preVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64)
        case preVoteResponse(term: UInt64, granted: Bool)
        /// A real vote request. `transfer` marks a campaign ordered by the leader (TimeoutNow), which voters
        /// honour even while they still hear from that leader.
        case requestVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64, transfer: Bool)
        case requestVoteResponse(term: UInt64, granted: Bool)
        case appendEntries(AppendEntries)
        /// `matchIndex` is what the follower now holds in agreement with the leader when `success`, else a
        /// hint: the leader should retry from `matchIndex + 1` at the latest.
        case appendEntriesResponse(term: UInt64, success: Bool, matchIndex: UInt64, echo: Instant)
        case installSnapshot(term: UInt64, snapshot: Snapshot, sentAt: Instant)
        case installSnapshotResponse(term: UInt64, lastIndex: UInt64, echo: Instant)
        /// Leadership transfer: "campaign now", sent by the leader to a caught-up voter.
        case timeoutNow(term: UInt64)
        /// A holder asks the coordinator to renew its lease on `group`; `sentAt` is the HOLDER's clock.
        /// `holdingTerm` is set when the holder still held a valid lease at `sentAt` while it knew the
        /// coordinator of that term: a new coordinator may then renew it without waiting out earlier
        /// leases, since the only valid lease on the group is the holder's own (docs/quorum-timing.md).
        /// Optional, so older agents' requests (which omit it) still decode, and older agents ignore it.
        case leaseRequest(group: String, sentAt: Instant, holdingTerm: UInt64? = nil)
        /// The coordinator's answer: the holder may count `durationNanoseconds` from its own `sentAt`.
        case leaseGrant(term: UInt64, group: String, sentAt: Instant, durationNanoseconds: Int64)

        /// Bound on every term and index a message may carry. Honest fleets stay astronomically far below
        /// it; anything above is malformed and refused, so index and term arithmetic can never overflow.
        static var ceiling: UInt64 { 1 << 62 }

        /// False for messages no honest node sends: out-of-range terms or indices, entries that do not
        /// follow on from `prevLogIndex`, a snapshot whose state is not the state at its own index.
        var isWellFormed: Bool {
            let c = Self.ceiling
            switch self {
            case let .preVote(term, index, lastTerm), let .requestVote(term, index, lastTerm, _):
                return term < c && index < c && lastTerm < c
            case let .preVoteResponse(term, _), let .requestVoteResponse(term, _), let .timeoutNow(term):
                return term < c
            case let .appendEntries(m):
                guard m.term < c, m.prevLogIndex < c, m.prevLogTerm < c, m.leaderCommit < c else { return false }
                for (offset, entry) in m.entries.enumerated() {
                    guard entry.index == m.prevLogIndex + UInt64(offset) + 1, entry.term <= m.term,
                          entry.term >= m.prevLogTerm else { return false }
                }
                return true
            case let .appendEntriesResponse(term, _, index, _), let .installSnapshotResponse(term, index, _):
                return term < c && index < c
            case let .installSnapshot(term, snapshot, _):
                return term < c && snapshot.lastIndex < c && snapshot.lastTerm <= term
                    && snapshot.state.appliedIndex == snapshot.lastIndex && snapshot.state.appliedTerm == snapshot.lastTerm
            case let .leaseRequest(group, _, holdingTerm):
                return !group.isEmpty && (holdingTerm ?? 0) < c
            case let .leaseGrant(term, group, _, duration):
                return term < c && !group.isEmpty && duration > 0
            }
        }

        /// The sender's term, for the generic "higher term wins" rule; nil for lease traffic.
        var term: UInt64? {
            switch self {
            case let .preVote(term, _, _), let .preVoteResponse(term, _), let .requestVote(term, _, _, _),
                 let .requestVoteResponse(term, _), let .appendEntriesResponse(term, _, _, _),
                 let .installSnapshot(term, _, _), let .installSnapshotResponse(term, _, _), let .timeoutNow(term):
                return term
            case let .appendEntries(message):
                return message.term
            case .leaseRequest, .leaseGrant:
                return nil
            }
        }
    }
}
