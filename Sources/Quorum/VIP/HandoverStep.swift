/// Where a `HandoverPlan` stands.
public enum HandoverStep: Hashable, Codable, Sendable, CustomStringConvertible {
    case notStarted
    /// The successor was told to raise itself; waiting for it to report the `successor` track level.
    case raisingSuccessor
    /// The old owner was told to fault and the group granted to the successor; waiting for the successor
    /// to report MASTER and the `owner` track level (its lease arrived).
    case faultingOwner
    case completed
    case aborted(HandoverFailure)

    /// Completed or aborted: the plan emits nothing more.
    public var isFinished: Bool {
        switch self {
        case .completed, .aborted: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .notStarted: "not started"
        case .raisingSuccessor: "raising the successor"
        case .faultingOwner: "faulting the old owner"
        case .completed: "completed"
        case let .aborted(failure): "aborted: \(failure)"
        }
    }
}
