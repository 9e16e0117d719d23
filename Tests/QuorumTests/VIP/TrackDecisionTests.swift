import Testing
@testable import Quorum
import SeededRandom

@Suite("Track decision: local fencing")
struct TrackDecisionTests {
    static let now = Instant(nanoseconds: 1_000_000_000)
    static let later = now.adding(nanoseconds: 300_000_000)
    static let earlier = now.adding(nanoseconds: -1)

    /// Every combination of the inputs, at `now`: lease ends before, at and after `now`, or none; both
    /// policies; every previous level.
    static var allInputs: [TrackInputs] {
        let ends: [Instant?] = [nil, earlier, now, later]
        let previous: [TrackLevel?] = [nil] + TrackLevel.allCases
        var inputs: [TrackInputs] = []
        for owner in ends {
            for standby in ends {
                for flags in 0..<(1 << 11) {
                    let bit = { (index: Int) in flags & (1 << index) != 0 }
                    for mode in VIPMemberMode.allCases {
                        for role in [nil, HandoverRole.successor, .outgoing] {
                            for level in previous {
                                inputs.append(TrackInputs(
                                    ownerLeaseEnd: owner, standbyLeaseEnd: standby, checksPassing: bit(0),
                                    quorumReachable: bit(1), pinnedHere: bit(2), mode: mode, handover: role,
                                    ownerOutOfReach: bit(3), coordinatorQuiet: bit(4), hearsAFellowMember: bit(5),
                                    previousLevel: level, noQuorumPolicy: bit(6) ? .freeze : .stop,
                                    keepalivedRunning: !bit(7), staleAddressElsewhere: bit(8), advertsMissing: bit(9),
                                    awaitingHolder: bit(10)))
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
        #expect(inputs.count == 4 * 4 * 2048 * 2 * 3 * 5)
        for input in inputs {
            let decision = TrackDecision.decide(input, now: Self.now)
            let ownerValid = input.ownerLeaseEnd.map { Self.now < $0 } ?? false
            let standbyValid = input.standbyLeaseEnd.map { Self.now < $0 } ?? false
            let noCoordinator = !input.quorumReachable || input.coordinatorQuiet
            let frozen = input.noQuorumPolicy == .freeze && noCoordinator && input.hearsAFellowMember
            // Invariant 3: under `stop`, no quorum means ineligible once its leases (the quorum's
            // word for a bounded time) have run out, whatever else holds.
            let withinLease = (decision.reason == .ownerLease && ownerValid)
                || ((decision.reason == .standbyLease || decision.reason == .successorLease) && standbyValid)
            if !input.quorumReachable && input.noQuorumPolicy == .stop {
                #expect(decision.level == .ineligible || withinLease, "\(input)")
            }
            // Under `freeze` a node cut off from its fellow members lets go all the same (at its lease's end).
            if !input.quorumReachable && !input.hearsAFellowMember { #expect(decision.level == .ineligible || withinLease, "\(input)") }
            // No keepalived here, or a stale VIP on another member: never eligible.
            if !input.keepalivedRunning || input.staleAddressElsewhere || input.advertsMissing || input.awaitingHolder {
                #expect(decision.level == .ineligible, "\(input)")
            }
            // `freeze` grants nothing new: without a coordinator, never above what was held.
            if input.noQuorumPolicy == .freeze && noCoordinator && decision.reason == .frozen {
                #expect(decision.level <= (input.previousLevel ?? .ineligible), "\(input)")
            }
            // Passive never stands by, let alone owns.
            if input.mode == .passive { #expect(decision.level == .ineligible, "\(input)") }
            // Failing checks fence at once unless pinned here, under either policy.
            if !input.checksPassing && !input.pinnedHere { #expect(decision.level == .ineligible, "\(input)") }
            // The pair-link rule: a node that does not hear the live owner is never eligible.
            if input.ownerOutOfReach { #expect(decision.level == .ineligible, "\(input)") }
            // Taking over needs a grant: owner only with a valid owner lease, or kept by `freeze`.
            if decision.level == .owner { #expect(ownerValid || (frozen && input.previousLevel == .owner), "\(input)") }
            // Any eligibility needs some valid lease, or a level kept by `freeze`.
            if decision.level > .ineligible { #expect(ownerValid || standbyValid || frozen, "\(input)") }
            // Stepping aside in a handover is immediate.
            if input.handover == .outgoing { #expect(decision.level == .ineligible, "\(input)") }
            // Successor only when asked, and never above a standby lease's reach.
            if decision.level == .successor { #expect(input.handover == .successor && !ownerValid, "\(input)") }
        }
    }

    /// The pair link is cut: the standby no longer hears the owner, which the fleet still sees alive.
    /// keepalived would promote it once adverts stop, so it must fault although its lease is valid.
    @Test func standbyThatCannotHearTheLiveOwnerIsFenced() {
        var input = TrackInputs(standbyLeaseEnd: Self.later, checksPassing: true, quorumReachable: true)
        #expect(TrackDecision.decide(input, now: Self.now).level == .standby)
        input.ownerOutOfReach = true
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .ineligible, reason: .ownerOutOfReach))
    }

    /// `freeze` rides out a silent coordinator: the owner keeps the VIP past its lease while it hears its
    /// peer, lets go when it hears nobody (it is the one cut off) and still lets go on failing checks.
    @Test func freezeKeepsTheOwnerOnlyWhileItHearsAFellowMember() {
        var input = TrackInputs(ownerLeaseEnd: Self.earlier, checksPassing: true, quorumReachable: false,
                                coordinatorQuiet: true, hearsAFellowMember: true, previousLevel: .owner,
                                noQuorumPolicy: .freeze)
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .owner, reason: .frozen))
        input.previousLevel = .successor
        #expect(TrackDecision.decide(input, now: Self.now).level == .standby)
        input.previousLevel = .owner
        input.hearsAFellowMember = false
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .ineligible, reason: .quorumLost))
        input.hearsAFellowMember = true
        input.checksPassing = false
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .ineligible, reason: .checksFailing))
        input.checksPassing = true
        input.noQuorumPolicy = .stop
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .ineligible, reason: .quorumLost))
    }

    /// `freeze` bridges the gap between a lease lapsing and the quorum being declared lost: a quiet
    /// coordinator is enough. A coordinator that talks but does not renew means the grant moved.
    @Test func freezeBridgesAQuietCoordinatorButNotARefusal() {
        var input = TrackInputs(ownerLeaseEnd: Self.earlier, checksPassing: true, quorumReachable: true,
                                coordinatorQuiet: true, hearsAFellowMember: true, previousLevel: .owner,
                                noQuorumPolicy: .freeze)
        #expect(TrackDecision.decide(input, now: Self.now).level == .owner)
        input.coordinatorQuiet = false
        #expect(TrackDecision.decide(input, now: Self.now) == TrackDecision(level: .ineligible, reason: .noValidLease))
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

    @Test func pinnedOwnerKeepsTheVIPWithFailingChecksButNotWithoutQuorumPastItsLease() {
        var input = TrackInputs(ownerLeaseEnd: Self.later, checksPassing: false, quorumReachable: true,
                                pinnedHere: true)
        #expect(TrackDecision.decide(input, now: Self.now).level == .owner)
        input.quorumReachable = false
        #expect(TrackDecision.decide(input, now: Self.now).level == .owner)
        #expect(TrackDecision.decide(input, now: Self.later) == TrackDecision(level: .ineligible, reason: .quorumLost))
    }

    /// Issue case 5: the coordinator dies; the owner hears no coordinator for the length of an election,
    /// but its lease (longer than an election) is valid, so under `stop` it keeps the VIP.
    @Test func ownerRidesOutACoordinatorChangeOnItsLeaseUnderStop() {
        let owner = TrackInputs(ownerLeaseEnd: Self.later, standbyLeaseEnd: Self.later, checksPassing: true,
                                quorumReachable: false, coordinatorQuiet: true, hearsAFellowMember: true)
        #expect(TrackDecision.decide(owner, now: Self.now) == TrackDecision(level: .owner, reason: .ownerLease))
        // A standby, even one keepalived made MASTER a moment before the coordinator died, keeps its
        // level for its lease too; once that ends without a coordinator, it lets go.
        let standby = TrackInputs(standbyLeaseEnd: Self.later, checksPassing: true, quorumReachable: false,
                                  coordinatorQuiet: true, hearsAFellowMember: true)
        #expect(TrackDecision.decide(standby, now: Self.now) == TrackDecision(level: .standby, reason: .standbyLease))
        #expect(TrackDecision.decide(standby, now: Self.later) == TrackDecision(level: .ineligible, reason: .quorumLost))
    }

    /// Issue case 1: keepalived killed on the owner. The node is out at once, lease or not, and the peer
    /// is held back while the dead keepalived's address is still on the owner's interface.
    @Test func aDeadKeepalivedFencesItsNodeAndAStaleAddressHoldsThePeerBack() {
        var owner = TrackInputs(ownerLeaseEnd: Self.later, checksPassing: true, quorumReachable: true)
        owner.keepalivedRunning = false
        #expect(TrackDecision.decide(owner, now: Self.now) == TrackDecision(level: .ineligible, reason: .keepalivedDown))
        var peer = TrackInputs(standbyLeaseEnd: Self.later, checksPassing: true, quorumReachable: true)
        peer.staleAddressElsewhere = true
        #expect(TrackDecision.decide(peer, now: Self.now) == TrackDecision(level: .ineligible, reason: .addressElsewhere))
        peer.staleAddressElsewhere = false
        #expect(TrackDecision.decide(peer, now: Self.now).level == .standby)
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
