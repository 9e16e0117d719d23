/// Why `TrackDecision` chose a level; logged on every change so an operator can see what fenced a node.
public enum TrackReason: Hashable, Codable, Sendable, CustomStringConvertible {
    case quorumLost
    case passive
    case handingOver
    case checksFailing
    case noValidLease
    case ownerLease
    case standbyLease
    case successorLease
    case ownerOutOfReach
    case frozen
    case keepalivedDown
    case addressElsewhere
    case advertsMissing
    case awaitingHolder

    public var description: String {
        switch self {
        case .quorumLost: "no quorum reachable"
        case .passive: "passive member"
        case .handingOver: "handing the group over"
        case .checksFailing: "checks failing"
        case .noValidLease: "no valid lease"
        case .ownerLease: "holds a valid owner lease"
        case .standbyLease: "holds a valid standby lease"
        case .successorLease: "raised as the successor of a planned handover"
        case .ownerOutOfReach: "the owner is alive but out of reach of this node (pair link cut?)"
        case .frozen: "no coordinator: level kept (no_quorum_policy = freeze)"
        case .keepalivedDown: "keepalived is not running or not answering on this node"
        case .addressElsewhere: "another member still carries the VIP while its keepalived is down"
        case .advertsMissing: "the owner is heard but its VRRP adverts do not reach this node"
        case .awaitingHolder: "waiting for the granted member to become MASTER"
        }
    }
}
