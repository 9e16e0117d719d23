/// Something an operator wants in the journal. `name` is the journald `EVENT=` value and `fields` the
/// structured fields, so the logging shell needs no knowledge of Raft.
public enum RaftEvent: Hashable, Sendable, CustomStringConvertible {
    case electionStarted(term: UInt64, reason: String)
    case coordinatorElected(term: UInt64, leader: NodeID)
    case coordinatorSteppedDown(term: UInt64, reason: String)
    case quorumLost(term: UInt64, reason: String)
    case quorumRegained(term: UInt64, leader: NodeID)
    /// Reported by `RaftStorage.open`, never by the core: the log's tail was torn or corrupt and was cut.
    case logTruncated(term: UInt64, reason: String)
    /// The coordinator renewed `holder`'s lease on `group`.
    case leaseIssued(term: UInt64, group: String, holder: NodeID)

    public var name: String {
        switch self {
        case .electionStarted: "election_started"
        case .coordinatorElected: "coordinator_elected"
        case .coordinatorSteppedDown: "coordinator_stepped_down"
        case .quorumLost: "quorum_lost"
        case .quorumRegained: "quorum_regained"
        case .logTruncated: "log_truncated"
        case .leaseIssued: "lease_issued"
        }
    }

    public var fields: [String: String] {
        switch self {
        case let .electionStarted(term, reason), let .coordinatorSteppedDown(term, reason),
             let .quorumLost(term, reason), let .logTruncated(term, reason):
            ["TERM": String(term), "REASON": reason]
        case let .coordinatorElected(term, leader), let .quorumRegained(term, leader):
            ["TERM": String(term), "LEADER": leader.name]
        case let .leaseIssued(term, group, holder):
            ["TERM": String(term), "GROUP": group, "HOLDER": holder.name]
        }
    }

    public var description: String {
        ([name] + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }
}
