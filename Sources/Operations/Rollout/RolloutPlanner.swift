/// Lays a plan out on the fleet as it is now. Pure: the same plan and topology always give the same
/// rollout, which is what the dry run shows and what the conductor executes.
///
/// The rules, for each VIP group the targets touch:
/// - two members of one group are never in the same batch, so the group keeps a member in service;
/// - members that do not hold the VIP go first; the holder goes once a peer is updated, and hands the
///   VIP over to that updated, healthy peer before its first step;
/// - while any member is worked on, the group is pinned to the member serving it;
/// - after the group's last targeted member, the hand-back policy moves the VIP (or not) and the pin
///   is lifted.
public struct RolloutPlanner {
    let plan: OperationPlan
    let topology: FleetTopology
    let staging: String
    var holder: [String: String] = [:]
    var pinned: [String: String] = [:]
    var done: Set<String> = []
    var finished: Set<String> = []
    var warnings: [String] = []

    /// `staging` is the directory the operation's artifacts land in on every node (`{staging}`).
    public static func lay(_ plan: OperationPlan, on topology: FleetTopology, staging: String) throws(RolloutError) -> Rollout {
        var planner = RolloutPlanner(plan: plan, topology: topology, staging: staging)
        return try planner.lay()
    }

    init(plan: OperationPlan, topology: FleetTopology, staging: String) {
        self.plan = plan
        self.topology = topology
        self.staging = staging
        for group in topology.groups {
            if let current = group.holder { holder[group.name] = current }
        }
    }

    mutating func lay() throws(RolloutError) -> Rollout {
        let targets = try resolveTargets()
        try checkGroups(targets: targets)
        noteWarnings(targets: targets)
        let limit = plan.strategy.batchLimit(targetCount: targets.count)
        var remaining = order(targets)
        var batches: [RolloutBatch] = []
        while !remaining.isEmpty {
            let chosen = nextBatch(from: remaining, targets: targets, limit: limit)
            var batch = RolloutBatch(nodes: [])
            for node in chosen { batch.nodes.append(try work(for: node, targets: targets)) }
            done.formUnion(chosen)
            remaining.removeAll { chosen.contains($0) }
            batch.after = handBacks(targets: targets)
            batches.append(batch)
        }
        return Rollout(plan: plan, batches: batches, warnings: warnings)
    }

    // MARK: Targets

    func resolveTargets() throws(RolloutError) -> [String] {
        var wanted: Set<String> = []
        for name in plan.targets.groups {
            guard let group = topology.group(name) else {
                throw .unknownGroup(name, known: topology.groups.map(\.name))
            }
            wanted.formUnion(group.members)
        }
        let roles = Set(topology.nodes.map(\.role))
        for role in plan.targets.roles {
            guard roles.contains(role) else { throw .unknownRole(role, known: roles.sorted()) }
            wanted.formUnion(topology.nodes.filter { $0.role == role }.map(\.name))
        }
        for name in plan.targets.nodes {
            guard topology.node(name) != nil else { throw .unknownNode(name) }
            wanted.insert(name)
        }
        let ordered = topology.nodes.map(\.name).filter(wanted.contains)
        guard !ordered.isEmpty else { throw .noTargets }
        return ordered
    }

    func checkGroups(targets: [String]) throws(RolloutError) {
        for group in touchedGroups(targets) where group.members.count == 1 && !plan.vip.leaveVIPs {
            throw .singleMemberGroup(group: group.name, member: group.members[0])
        }
        if case let .owners(owners) = plan.vip.handBack {
            for (group, node) in owners.sorted(by: { $0.key < $1.key }) {
                guard topology.group(group)?.members.contains(node) == true else {
                    throw .unknownFinalOwner(group: group, node: node)
                }
            }
        }
    }

    mutating func noteWarnings(targets: [String]) {
        for name in targets where topology.node(name)?.alive == false {
            warnings.append("\(name) is not alive: its first step will fail and count against max_failures")
        }
        for group in touchedGroups(targets) where !plan.vip.leaveVIPs {
            if let pin = group.pin {
                warnings.append("group \(group.name) is pinned to \(pin) now: the operation moves the pin as it goes and lifts it at the end")
                pinned[group.name] = pin
            }
            if group.holder == nil {
                warnings.append("group \(group.name) has no holder now: no handover is planned for it")
            }
        }
    }

    func touchedGroups(_ targets: [String]) -> [FleetTopology.Group] {
        topology.groups.filter { group in group.members.contains(where: targets.contains) }
    }

    // MARK: Order and batches

    /// Group by group (the plan's groups first, as the guide does the app pair and then the int
    /// pair): within a group the members that hold no VIP, lowest priority first, then the holder.
    /// Targets in no group come last, in the topology's order.
    func order(_ targets: [String]) -> [String] {
        let named = plan.targets.groups.compactMap(topology.group)
        let groups = named + topology.groups.filter { group in !named.contains { $0.name == group.name } }
        var ordered: [String] = []
        for group in groups {
            let members = group.members.reversed().filter { targets.contains($0) && !ordered.contains($0) }
            ordered += members.filter { !holdsAny($0) } + members.filter(holdsAny)
        }
        return ordered + targets.filter { !ordered.contains($0) }
    }

    func holdsAny(_ node: String) -> Bool { holder.values.contains(node) }

    /// Fills a batch up to `limit`: no two members of one group, and a holder only once a targeted
    /// peer is updated (or when no peer is targeted). If nothing fits — holders of each other's
    /// groups — the first node goes alone, and the handover goes to a peer not yet updated.
    mutating func nextBatch(from remaining: [String], targets: [String], limit: Int) -> [String] {
        var batch: [String] = []
        var used: Set<String> = []
        for node in remaining where batch.count < limit {
            let groups = plan.vip.leaveVIPs ? [] : topology.groups(of: node).map(\.name)
            guard used.isDisjoint(with: groups), plan.vip.leaveVIPs || !waitsForPeer(node, targets: targets) else { continue }
            batch.append(node)
            used.formUnion(groups)
        }
        if batch.isEmpty, let first = remaining.first {
            warnings.append("\(first) holds a VIP of a group whose peers wait on it: it hands over to a peer that is not updated yet")
            batch = [first]
        }
        return batch
    }

    func waitsForPeer(_ node: String, targets: [String]) -> Bool {
        for group in topology.groups(of: node) where holder[group.name] == node {
            let peers = group.members.filter { $0 != node && targets.contains($0) }
            if !peers.isEmpty, done.isDisjoint(with: peers) { return true }
        }
        return false
    }

    // MARK: One node's turn

    mutating func work(for node: String, targets: [String]) throws(RolloutError) -> NodeWork {
        let groups = topology.groups(of: node)
        var before: [VIPMove] = []
        var holds: [String] = []
        for group in groups where !plan.vip.leaveVIPs {
            if holder[group.name] == node {
                holds.append(group.name)
                let successor = try self.successor(in: group, for: node)
                before.append(.handOver(group: group.name, from: node, to: successor))
                before.append(.pin(group: group.name, node: successor))
                holder[group.name] = successor
                pinned[group.name] = successor
            } else if let serving = holder[group.name], pinned[group.name] != serving {
                before.append(.pin(group: group.name, node: serving))
                pinned[group.name] = serving
            }
        }
        let role = topology.node(node)?.role ?? ""
        let variables = PlanVariables(node: node, role: role, group: groups.first?.name ?? "", staging: staging)
        return NodeWork(node: node, role: role, groups: groups.map(\.name), holds: holds, before: before,
                        steps: plan.steps.map { $0.expanded(with: variables) },
                        onFailure: plan.onFailure.map { $0.expanded(with: variables) })
    }

    /// The member to hand `group` to: an updated one first, then any; alive and not passive; in
    /// priority order.
    func successor(in group: FleetTopology.Group, for node: String) throws(RolloutError) -> String {
        let candidates = group.members.filter { member in
            member != node && !group.passive.contains(member) && topology.node(member)?.alive != false
        }
        if let updated = candidates.first(where: done.contains) { return updated }
        guard let any = candidates.first else { throw .noSuccessor(group: group.name, node: node) }
        return any
    }

    // MARK: Hand-back

    /// The moves after a batch for every group whose targeted members are now all done.
    mutating func handBacks(targets: [String]) -> [VIPMove] {
        var moves: [VIPMove] = []
        for group in touchedGroups(targets) where !finished.contains(group.name) && !plan.vip.leaveVIPs {
            guard group.members.filter(targets.contains).allSatisfy(done.contains) else { continue }
            finished.insert(group.name)
            if let current = holder[group.name], let final = finalOwner(of: group), final != current {
                moves.append(.handOver(group: group.name, from: current, to: final))
                holder[group.name] = final
            }
            if pinned[group.name] != nil {
                moves.append(.unpin(group: group.name))
                pinned[group.name] = nil
            }
        }
        return moves
    }

    func finalOwner(of group: FleetTopology.Group) -> String? {
        switch plan.vip.handBack {
        case .stay:
            return nil
        case .return:
            guard let original = group.holder, topology.node(original)?.alive != false else { return nil }
            return original
        case let .owners(owners):
            return owners[group.name]
        }
    }
}
