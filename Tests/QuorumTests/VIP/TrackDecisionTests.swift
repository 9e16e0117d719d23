import Testing
@testable import Quorum

@Suite("Track decision: local fencing")
struct TrackDecisionTests {
    static let now = Instant(nanoseconds: 1_000_000_000)
    static let later = now.adding(nanoseconds: 300_000_000)
    static let earlier = now.adding(nanoseconds: -1)

    /// Every combination of the inputs, at `now`: lease ends before, at and after `now`, or none.
    static var allInputs: [TrackInputs] {
        let ends: [Instant?] = [nil, earlier, now, later]
        var inputs: [TrackInputs] = []
        for owner in ends {
            for standby in ends {
                for checks in [false, true] {
                    for quorum in [false, true] {
                        for pinned in [false, true] {
                            for mode in VIPMemberMode.allCases {
                                for role in [nil, HandoverRole.successor, .outgoing] {
                                    inputs.append(TrackInputs(ownerLeaseEnd: owner, standbyLeaseEnd: standby,
                                                              checksPassing: checks, quorumReachable: quorum,
                                                              pinnedHere: pinned, mode: mode, handover: role))
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputs
    }

    @Test func fencingRulesHoldForEveryInput() {
        let inputs = Self.allInputs
        #expect(inputs.count == 4 * 4 * 2 * 2 * 2 * 2 * 3)
        for input in inputs {
            let decision = TrackDecision.decide(input, now: Self.now)
            let ownerValid = input.ownerLeaseEnd.map { Self.now < $0 } ?? false
            let standbyValid = input.standbyLeaseEnd.map { Self.now < $0 } ?? false
            // Invariant 3: no quorum means ineligible, whatever else holds.
            if !input.quorumReachable { #expect(decision.level == .ineligible, "\(input)") }
            // Passive never stands by, let alone owns.
            if input.mode == .passive { #expect(decision.level == .ineligible, "\(input)") }
            // Failing checks fence at once unless pinned here.
            if !input.checksPassing && !input.pinnedHere { #expect(decision.level == .ineligible, "\(input)") }
            // Taking over needs a grant: owner only with a valid owner lease.
            if decision.level == .owner { #expect(ownerValid, "\(input)") }
            // Any eligibility needs some valid lease.
            if decision.level > .ineligible { #expect(ownerValid || standbyValid, "\(input)") }
            // Stepping aside in a handover is immediate.
            if input.handover == .outgoing { #expect(decision.level == .ineligible, "\(input)") }
            // Successor only when asked, and never above a standby lease's reach.
            if decision.level == .successor { #expect(input.handover == .successor && !ownerValid, "\(input)") }
        }
    }

    @Test func healthyGrantedNodeOwnsUntilItsLeaseEnds() {
        let input = TrackInputs(ownerLeaseEnd: Self.later, standbyLeaseEnd: Self.later, checksPassing: true,
                                quorumReachable: true)
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .owner, reason: .ownerLease))
        let atEnd = TrackDecision.decide(input, now: Self.later)
        #expect(atEnd == TrackDecision(level: .ineligible, reason: .noValidLease))
    }

    @Test func ownerFallsBackToStandbyWhenOnlyTheStandbyLeaseRemains() {
        let input = TrackInputs(ownerLeaseEnd: Self.earlier, standbyLeaseEnd: Self.later, checksPassing: true,
                                quorumReachable: true)
        #expect(TrackDecision.decide(input, now: Self.now).level == .standby)
    }

    @Test func pinnedOwnerKeepsTheVIPWithFailingChecksButNotWithoutQuorum() {
        var input = TrackInputs(ownerLeaseEnd: Self.later, checksPassing: false, quorumReachable: true,
                                pinnedHere: true)
        #expect(TrackDecision.decide(input, now: Self.now).level == .owner)
        input.quorumReachable = false
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .ineligible, reason: .quorumLost))
    }

    @Test func levelsAreOrderedAndDescribed() {
        #expect(TrackLevel.allCases.sorted() == [.ineligible, .standby, .successor, .owner])
        #expect(TrackDecision(level: .ineligible, reason: .checksFailing).description == "ineligible (checks failing)")
    }

    /// Invariant 2 seen from the nodes: when the coordinator gives an owner lease to at most one node
    /// (the decision's owner), at most one node writes `owner`, under any random views and leases.
    @Test func atMostOneNodeWritesOwnerPerGroup() {
        for seed in UInt64(0)..<2_000 {
            var rng = SplitMix64(seed: seed)
            let input = VIPArbiterPropertyTests.randomInput(&rng)
            let owner = VIPArbiter.decide(input).owner
            let owners = input.group.members.filter { member in
                let view = input.view(of: member.node)
                let lease = member.node == owner && rng.next() % 4 != 0 ? Self.later : nil
                let local = TrackInputs(ownerLeaseEnd: lease, standbyLeaseEnd: Self.later,
                                        checksPassing: view.checksPassing, quorumReachable: view.reachable,
                                        pinnedHere: input.pin == member.node, mode: input.mode(of: member))
                return TrackDecision.decide(local, now: Self.now).level == .owner
            }
            #expect(owners.count <= 1, "seed \(seed)")
            if let only = owners.first { #expect(only.node == owner, "seed \(seed)") }
        }
    }
}
