/// The VIP arbitration policy: from a group's definition, the fleet view and the replicated state, the node
/// that should own the group. Pure and deterministic, so every coordinator (and every test) computes the
/// same answer from the same facts.
///
/// Precedence, highest first:
/// 1. an operator pin — the pinned node wins while it is alive and reachable, even if its checks fail;
///    a pin on a passive node, a dead or unreachable node, or a non-member is set aside;
/// 2. mode — a passive member never owns, not even when pinned;
/// 3. health — alive per gossip, reachable by the coordinator, checks passing;
/// 4. stickiness — an eligible current holder keeps the group, so a recovered node never takes it back;
/// 5. priority — the highest keepalived priority, then the smallest node name.
public enum VIPArbiter {
    /// The desired owner of the group described by `input`, with the reason.
    public static func decide(_ input: VIPArbiterInput) -> VIPDecision {
        var excluded: [NodeID: VIPIneligibility] = [:]
        for member in input.group.members {
            if let why = ineligibility(of: member, in: input) { excluded[member.node] = why }
        }
        var pinSetAside: VIPIneligibility?
        if let pin = input.pin {
            switch pinOutcome(pin, in: input) {
            case let .follow(member):
                excluded[member.node] = nil
                let checks = input.view(of: member.node).checksPassing
                return VIPDecision(owner: member.node, reason: .pinned(member.node, checksPassing: checks),
                                   excluded: excluded)
            case let .setAside(why):
                pinSetAside = why
            }
        }
        if let holder = input.holder, input.group.member(holder) != nil, excluded[holder] == nil {
            return VIPDecision(owner: holder, reason: .kept(holder), excluded: excluded, pinSetAside: pinSetAside)
        }
        guard let best = bestCandidate(in: input, excluding: excluded) else {
            return VIPDecision(owner: nil, reason: .noEligibleMember, excluded: excluded, pinSetAside: pinSetAside)
        }
        return VIPDecision(owner: best.node, reason: .elected(best.node, priority: best.priority),
                           excluded: excluded, pinSetAside: pinSetAside)
    }

    /// Which members to revoke when several report MASTER at once (a split brain keepalived cannot heal
    /// by itself): every MASTER but the desired owner, sorted by name. Empty when fewer than two members
    /// report MASTER, since a single wrong MASTER is corrected by the ordinary grant instead.
    public static func resolveDuplicateMasters(desiredOwner: NodeID?, group: VIPGroupDefinition,
                                               view: [NodeID: VIPMemberView]) -> [NodeID] {
        let masters = group.members.map(\.node).filter { view[$0]?.vrrp == .master }
        guard masters.count >= 2 else { return [] }
        return masters.filter { $0 != desiredOwner }.sorted()
    }

    /// The first reason, in precedence order, why `member` cannot own on its own merits; nil if it can.
    public static func ineligibility(of member: VIPGroupMember, in input: VIPArbiterInput) -> VIPIneligibility? {
        let view = input.view(of: member.node)
        if input.mode(of: member) == .passive { return .passive }
        if !view.alive { return .notAlive }
        if !view.reachable { return .unreachable }
        if !view.checksPassing { return .checksFailing }
        return nil
    }

    private enum PinOutcome {
        case follow(VIPGroupMember)
        case setAside(VIPIneligibility)
    }

    /// A pin is followed when the pinned member is not passive, alive and reachable; checks do not matter.
    private static func pinOutcome(_ pin: NodeID, in input: VIPArbiterInput) -> PinOutcome {
        guard let member = input.group.member(pin) else { return .setAside(.notAMember) }
        let view = input.view(of: pin)
        if input.mode(of: member) == .passive { return .setAside(.passive) }
        if !view.alive { return .setAside(.notAlive) }
        if !view.reachable { return .setAside(.unreachable) }
        return .follow(member)
    }

    /// The eligible member with the highest priority; ties go to the smallest node name.
    private static func bestCandidate(in input: VIPArbiterInput,
                                      excluding excluded: [NodeID: VIPIneligibility]) -> VIPGroupMember? {
        input.group.members.filter { excluded[$0.node] == nil }.min { lhs, rhs in
            lhs.priority != rhs.priority ? lhs.priority > rhs.priority : lhs.node < rhs.node
        }
    }
}
