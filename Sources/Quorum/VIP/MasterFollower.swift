/// The coordinator's answer to keepalived having moved a VIP by itself: when the holder was fenced for a
/// moment (a coordinator failover under `stop`) its standby takes over by VRRP, and boosting the holder
/// back would move the VIP a second time. So when the arbiter merely KEPT the holder, the holder does
/// not report MASTER, and exactly one other eligible member has reported MASTER for `after`, the grant
/// follows that member instead.
///
/// Counted from the later of "became MASTER" and "the grant changed", so a member that was MASTER before
/// a promote moved the grant away never pulls it back: a planned handover completes in under a second,
/// well inside `after`. Pure: time is passed in. One per group.
public struct MasterFollower: Sendable {
    public static let after: Int64 = 2_000_000_000

    private var countedUnder: NodeID??
    private var masterSince: [NodeID: Instant] = [:]

    public init() {}

    /// The member the grant should follow, or nil to keep the arbiter's decision.
    public mutating func follow(_ decision: VIPDecision, holder: NodeID?, group: VIPGroupDefinition,
                                view: [NodeID: VIPMemberView], now: Instant) -> NodeID? {
        if countedUnder != .some(holder) { masterSince = [:] }
        countedUnder = .some(holder)
        // Only time as a MASTER that could own counts: a member that is dead, unreachable, failing or
        // excluded restarts its count, so a node that just woke up from a freeze (its keepalived still
        // reporting the MASTER it was) is never followed before it has been a fit MASTER for `after`.
        for (node, member) in view {
            if member.vrrp == .master && member.healthy && decision.excluded[node] == nil {
                masterSince[node] = masterSince[node] ?? now
            } else {
                masterSince[node] = nil
            }
        }
        guard let holder, case .kept = decision.reason, decision.owner == holder, view[holder]?.vrrp != .master else { return nil }
        let others = masterSince.filter { $0.key != holder }
        // Not excluded by the arbiter: alive, reachable, healthy, not passive.
        guard others.count == 1, let (node, since) = others.first, decision.excluded[node] == nil,
              group.member(node) != nil, now.since(since) >= Self.after else { return nil }
        return node
    }
}
