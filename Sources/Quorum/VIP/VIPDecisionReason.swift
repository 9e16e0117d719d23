/// The rule that chose a group's desired owner, in the arbiter's order of precedence.
public enum VIPDecisionReason: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The operator pinned this node; it wins while alive and reachable, even with failing checks
    /// ("unconditional master": an operator pins a node precisely while its services are down for an update).
    case pinned(NodeID, checksPassing: Bool)
    /// The current grant holder is still eligible: it keeps the group, so a recovered node never takes the
    /// VIP back (no flapping).
    case kept(NodeID)
    /// No eligible holder: the eligible member with the highest priority (then the smallest name) wins.
    case elected(NodeID, priority: Int)
    /// No member is eligible; nobody should hold the VIP.
    case noEligibleMember

    public var description: String {
        switch self {
        case let .pinned(node, checksPassing):
            checksPassing ? "\(node) is pinned by the operator"
                : "\(node) is pinned by the operator (owns despite failing checks)"
        case let .kept(node): "\(node) holds the grant and is still eligible"
        case let .elected(node, priority): "\(node) is the eligible member with the highest priority (\(priority))"
        case .noEligibleMember: "no member is eligible"
        }
    }
}
