/// Why a planned handover was abandoned. The coordinator then lets the arbiter decide afresh.
public enum HandoverFailure: Hashable, Codable, Sendable, Error, CustomStringConvertible {
    /// A step did not finish within the plan's step timeout.
    case timedOut(step: String)
    /// The successor died or became unreachable.
    case successorLost
    /// The successor's keepalived reported FAULT.
    case successorFaulted
    /// An operator or the coordinator cancelled the handover.
    case cancelled

    public var description: String {
        switch self {
        case let .timedOut(step): "timed out while \(step)"
        case .successorLost: "the successor was lost"
        case .successorFaulted: "the successor's keepalived reported FAULT"
        case .cancelled: "cancelled"
        }
    }
}
