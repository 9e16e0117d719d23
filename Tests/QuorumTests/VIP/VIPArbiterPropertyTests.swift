import Testing
@testable import Quorum
import SeededRandom

@Suite("VIP arbiter: exhaustive and seeded properties")
struct VIPArbiterPropertyTests {
    typealias F = VIPFixtures

    /// Checks every rule of the policy on one decision; returns the first violated rule, or nil.
    static func violation(of decision: VIPDecision, for input: VIPArbiterInput) -> String? {
        let eligible = input.group.members.filter { VIPArbiter.ineligibility(of: $0, in: input) == nil }
        let followablePin = input.pin.flatMap(input.group.member).flatMap { member -> NodeID? in
            let view = input.view(of: member.node)
            return input.mode(of: member) == .auto && view.alive && view.reachable ? member.node : nil
        }
        guard let owner = decision.owner else {
            if followablePin != nil { return "a followable pin was ignored" }
            return eligible.isEmpty ? nil : "nobody owns although \(eligible.map(\.node)) are eligible"
        }
        guard let member = input.group.member(owner) else { return "owner \(owner) is not a member" }
        if input.mode(of: member) == .passive { return "passive \(owner) owns" }
        let view = input.view(of: owner)
        if !view.alive || !view.reachable { return "dead or unreachable \(owner) owns" }
        if let pin = followablePin { return owner == pin ? nil : "pin on \(pin) not respected" }
        if !view.checksPassing { return "unhealthy unpinned \(owner) owns" }
        if let holder = input.holder, eligible.contains(where: { $0.node == holder }), owner != holder {
            return "eligible holder \(holder) lost the group to \(owner) (flap)"
        }
        if input.holder.map({ holder in eligible.contains { $0.node == holder } }) != true {
            let better = eligible.contains { other in
                other.priority > member.priority || (other.priority == member.priority && other.node < owner)
            }
            if better { return "\(owner) elected over a better candidate" }
        }
        return nil
    }

    @Test func pairExhaustively() {
        let nodes: [NodeID?] = [nil, F.app1, F.app2, "db1"]
        let modes: [[NodeID: VIPMemberMode]] = [[:], [F.app1: .passive], [F.app2: .passive],
                                                 [F.app1: .passive, F.app2: .passive]]
        var checked = 0
        for view1 in F.allViews {
            for view2 in F.allViews {
                for pin in nodes {
                    for holder in nodes {
                        for overrides in modes {
                            let input = VIPArbiterInput(group: F.pair, view: [F.app1: view1, F.app2: view2],
                                                        pin: pin, holder: holder, modeOverrides: overrides)
                            let decision = VIPArbiter.decide(input)
                            if let problem = Self.violation(of: decision, for: input) {
                                Issue.record("\(problem): \(input) -> \(decision)")
                                return
                            }
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 32 * 32 * 4 * 4 * 4)
    }

    @Test(arguments: 0..<4)
    func randomGroupsAreDeterministicAndFollowThePolicy(block: UInt64) {
        for seed in (block * 500)..<(block * 500 + 500) {
            var rng = SplitMix64(seed: seed)
            let input = Self.randomInput(&rng)
            let decision = VIPArbiter.decide(input)
            if let problem = Self.violation(of: decision, for: input) {
                Issue.record("seed \(seed): \(problem): \(decision)")
                return
            }
            var shuffled = input
            shuffled.group = VIPGroupDefinition(name: input.group.name,
                                                members: input.group.members.shuffled(using: &rng))
            #expect(VIPArbiter.decide(shuffled) == decision, "seed \(seed): member order changed the decision")
        }
    }

    /// Runs random sequences of view changes, feeding each decision back as the grant holder (as the
    /// coordinator does): the owner only ever changes when the previous owner stopped being eligible,
    /// or when a pin took effect or was lifted.
    @Test(arguments: 0..<4)
    func ownerNeverFlapsBetweenEligibleMembers(block: UInt64) {
        for seed in (block * 250)..<(block * 250 + 250) {
            var rng = SplitMix64(seed: seed)
            var input = Self.randomInput(&rng)
            var previous = VIPArbiter.decide(input)
            for step in 0..<60 {
                input.holder = previous.owner
                let before = input
                Self.mutate(&input, &rng)
                let decision = VIPArbiter.decide(input)
                if let problem = Self.violation(of: decision, for: input) {
                    Issue.record("seed \(seed) step \(step): \(problem)")
                    return
                }
                if decision.owner != previous.owner, let old = previous.owner,
                   VIPArbiter.decide(before).owner == old, Self.stillFree(old, from: before, to: input) {
                    let new = decision.owner.map(\.name) ?? "nobody"
                    Issue.record("seed \(seed) step \(step): \(old) lost the group to \(new) while still eligible")
                    return
                }
                previous = decision
            }
        }
    }

    /// True when `node` is eligible after the change and no pin was involved on either side.
    static func stillFree(_ node: NodeID, from before: VIPArbiterInput, to after: VIPArbiterInput) -> Bool {
        guard before.pin == nil, after.pin == nil, let member = after.group.member(node) else { return false }
        return VIPArbiter.ineligibility(of: member, in: after) == nil
    }

    static func randomInput(_ rng: inout SplitMix64) -> VIPArbiterInput {
        let count = 2 + Int(rng.next() % 3)
        let members = (0..<count).map { index in
            VIPGroupMember(node: NodeID("n\(index)"), priority: 1 + Int(rng.next() % 4) * 50,
                           mode: rng.next() % 5 == 0 ? .passive : .auto)
        }
        let group = VIPGroupDefinition(name: "g", members: members)
        var view: [NodeID: VIPMemberView] = [:]
        for member in members where rng.next() % 8 != 0 { view[member.node] = F.randomView(&rng) }
        let pick = { (rng: inout SplitMix64) -> NodeID? in
            let roll = Int(rng.next() % UInt64(count + 3))
            return roll < count ? members[roll].node : (roll == count ? "stranger" : nil)
        }
        return VIPArbiterInput(group: group, view: view, pin: rng.next() % 4 == 0 ? pick(&rng) : nil,
                               holder: pick(&rng))
    }

    /// One small change: a member's view, its mode, or (rarely) the pin.
    static func mutate(_ input: inout VIPArbiterInput, _ rng: inout SplitMix64) {
        let members = input.group.members
        guard let target = members.randomElement(using: &rng)?.node else { return }
        switch rng.next() % 10 {
        case 0: input.pin = input.pin == nil ? target : nil
        case 1: input.modeOverrides[target] = rng.next() % 3 == 0 ? .passive : .auto
        default: input.view[target] = F.randomView(&rng)
        }
    }
}
