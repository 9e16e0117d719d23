import Operations

/// Replays a rollout's VIP moves and checks the promises of `RolloutPlanner` on it.
struct RolloutChecker {
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    let fleet: FleetTopology
    let plan: OperationPlan

    func check(_ rollout: Rollout) throws {
        var holder: [String: String] = [:]
        for group in fleet.groups { holder[group.name] = group.holder }
        var done: Set<String> = []
        var seen: [String] = []
        for (number, batch) in rollout.batches.enumerated() {
            let names = batch.nodes.map(\.node)
            seen += names
            for group in fleet.groups where group.members.filter(names.contains).count > 1 {
                throw Violation(description: "batch \(number): two members of \(group.name): \(names)")
            }
            for work in batch.nodes {
                for move in work.before {
                    guard case let .handOver(group, from, to) = move else { continue }
                    guard holder[group] == from, to != work.node, fleet.node(to)?.alive == true else {
                        throw Violation(description: "batch \(number): bad handover \(move)")
                    }
                    let peers = fleet.group(group)!.members.filter { $0 != from && fleet.node($0)?.alive == true }
                    if peers.contains(where: done.contains), !done.contains(to) {
                        throw Violation(description: "batch \(number): \(move) goes to a peer not updated while one is")
                    }
                    holder[group] = to
                }
            }
            for (group, serving) in holder where names.contains(serving) {
                throw Violation(description: "batch \(number): \(group) is served by \(serving), which is being worked on")
            }
            done.formUnion(names)
            for move in batch.after {
                if case let .handOver(group, from, to) = move {
                    guard holder[group] == from else { throw Violation(description: "after \(number): bad \(move)") }
                    holder[group] = to
                }
            }
        }
        guard seen.count == Set(seen).count else { throw Violation(description: "a node worked on twice: \(seen)") }
        if case .return = plan.vip.handBack {
            for group in fleet.groups {
                if let original = group.holder, fleet.node(original)?.alive == true, holder[group.name] != original,
                   group.members.contains(where: seen.contains) {
                    throw Violation(description: "\(group.name) not returned to \(original)")
                }
            }
        }
    }
}
