/// A node's role in the current term.
public enum RaftRole: String, Hashable, Codable, Sendable {
    case follower
    /// Asking for pre-votes; the term has not been bumped yet.
    case preCandidate = "pre_candidate"
    case candidate
    /// The coordinator.
    case leader
    /// A non-voting member: follows the log, never votes, never campaigns.
    case learner
}
