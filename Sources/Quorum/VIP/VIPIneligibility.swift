/// Why a member cannot own its group right now (or why an operator pin could not be followed).
public enum VIPIneligibility: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Its mode is passive: it never owns, whatever else holds.
    case passive
    /// Gossip does not consider it alive.
    case notAlive
    /// Alive per gossip, but the coordinator cannot reach it to renew its lease.
    case unreachable
    /// At least one health check of the group fails on it.
    case checksFailing
    /// The pinned node is not a member of the group (a stale pin after a configuration change).
    case notAMember

    public var description: String {
        switch self {
        case .passive: "passive"
        case .notAlive: "not alive"
        case .unreachable: "unreachable by the coordinator"
        case .checksFailing: "checks failing"
        case .notAMember: "not a member of the group"
        }
    }
}
