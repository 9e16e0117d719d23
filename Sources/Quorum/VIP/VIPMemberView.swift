/// What the coordinator currently believes about one member of a group, from gossip and its own links.
///
/// A member missing from the fleet view is treated as `VIPMemberView.unknown`: dead, unreachable,
/// unhealthy — the arbiter never hands a VIP to a node it knows nothing about.
public struct VIPMemberView: Hashable, Codable, Sendable {
    /// Alive according to gossip (not suspected dead, not left).
    public var alive: Bool
    /// Every health check of the group passes on that node.
    public var checksPassing: Bool
    /// The VRRP state its keepalived last reported.
    public var vrrp: ObservedVRRPState
    /// The coordinator can reach it, so it can renew the node's lease: granting an unreachable node is
    /// useless, since its lease would run out at once. A holder that stopped renewing its lease for
    /// longer than it can last (a frozen agent) counts as unreachable too.
    public var reachable: Bool

    public init(alive: Bool, checksPassing: Bool, vrrp: ObservedVRRPState = .unknown, reachable: Bool) {
        self.alive = alive
        self.checksPassing = checksPassing
        self.vrrp = vrrp
        self.reachable = reachable
    }

    /// The view of a node nothing is known about.
    public static let unknown = VIPMemberView(alive: false, checksPassing: false, vrrp: .unknown, reachable: false)

    /// Alive and reachable: a grant to it could be kept alive by lease renewals.
    public var canHoldLease: Bool { alive && reachable }

    /// Able to own the VIP on its own merits: it can hold a lease and its checks pass.
    public var healthy: Bool { canHoldLease && checksPassing }
}
