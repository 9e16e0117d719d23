import Quorum

/// What travels in `raft` frames: the core's own messages, plus the forwarding of a command from any
/// node to the coordinator and the answer, so an operator can use any node.
enum QuorumEnvelope: Codable, Sendable {
    case raft(RaftMessage)
    /// "Please propose this" from a follower to the coordinator.
    case propose(id: UInt64, command: FleetCommand)
    /// The coordinator's answer to a forwarded proposal.
    case proposeResult(id: UInt64, result: CommitResult)
}

/// The fate of a submitted command, as the caller learns it.
public enum CommitResult: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Committed by a majority at this log index and term.
    case committed(index: UInt64, term: UInt64)
    /// Not committed, and why (no coordinator, lost with its coordinator, timed out…). Retrying is safe
    /// for the fleet-state commands, which are idempotent.
    case rejected(reason: String)

    public var description: String {
        switch self {
        case let .committed(index, term): return "committed at index \(index), term \(term)"
        case let .rejected(reason): return "not committed: \(reason)"
        }
    }
}
