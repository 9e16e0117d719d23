/// Every message Raft nodes exchange. Codable so the transport can frame it as it likes.
///
/// Instants inside messages are only ever echoed back to the node whose clock produced them.
public enum RaftMessage: Hashable, Codable, Sendable {
    /// "Would you vote for me in `term`?" — asked before bumping any term, so a node that was cut off
    /// cannot disrupt a healthy leader by coming back with a higher term (pre-vote, Raft thesis §9.6).
    case preVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64)
    case preVoteResponse(term: UInt64, granted: Bool)
    /// A real vote request. `transfer` marks a campaign ordered by the leader (TimeoutNow), which voters
    /// honour even while they still hear from that leader.
    case requestVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64, transfer: Bool)
    case requestVoteResponse(term: UInt64, granted: Bool)
    case appendEntries(AppendEntriesMessage)
    /// `matchIndex` is what the follower now holds in agreement with the leader when `success`, else a
    /// hint: the leader should retry from `matchIndex + 1` at the latest.
    case appendEntriesResponse(term: UInt64, success: Bool, matchIndex: UInt64, echo: Instant)
    case installSnapshot(term: UInt64, snapshot: RaftSnapshot, sentAt: Instant)
    case installSnapshotResponse(term: UInt64, lastIndex: UInt64, echo: Instant)
    /// Leadership transfer: "campaign now", sent by the leader to a caught-up voter.
    case timeoutNow(term: UInt64)
    /// A holder asks the coordinator to renew its lease on `group`; `sentAt` is the HOLDER's clock.
    case leaseRequest(group: String, sentAt: Instant)
    /// The coordinator's answer: the holder may count `durationNanoseconds` from its own `sentAt`.
    case leaseGrant(term: UInt64, group: String, sentAt: Instant, durationNanoseconds: Int64)

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
