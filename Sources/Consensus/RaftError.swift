/// Why the core refused a request. Typed so the admin API can map each case to a clear answer.
public enum RaftError: Error, Hashable, Sendable, CustomStringConvertible {
    case notLeader(leader: NodeID?)
    case transferInProgress(target: NodeID)
    case unknownVoter(NodeID)
    case invalidConfig(String)

    public var description: String {
        switch self {
        case let .notLeader(leader):
            "this node is not the coordinator" + (leader.map { "; the coordinator is \($0)" } ?? "; no coordinator is known")
        case let .transferInProgress(target):
            "leadership is being transferred to \(target); retry shortly"
        case let .unknownVoter(node):
            "\(node) is not a voter of this fleet"
        case let .invalidConfig(reason):
            "invalid Raft configuration: \(reason)"
        }
    }
}
