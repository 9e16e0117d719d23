import Testing
@testable import Quorum

@Suite("Handover plan")
struct HandoverPlanTests {
    static let old: NodeID = "app1"
    static let new: NodeID = "app2"
    static let timeout: Int64 = 5_000_000_000
    static let t0 = Instant(nanoseconds: 10)

    static func plan() throws -> HandoverPlan {
        try HandoverPlan(group: "app", from: old, to: new, stepTimeoutNanoseconds: timeout)
    }

    @Test func happyPathRaisesThenFaultsThenReleases() throws {
        var plan = try Self.plan()
        #expect(plan.start(now: Self.t0) == [.raise(Self.new)])
        #expect(plan.step == .raisingSuccessor)
        #expect(plan.handle(.trackLevelReported(Self.new, .successor), now: Self.t0)
            == [.fault(Self.old), .grant(Self.new)])
        #expect(plan.step == .faultingOwner)
        #expect(plan.handle(.vrrpReported(Self.new, .master), now: Self.t0).isEmpty)
        #expect(plan.handle(.trackLevelReported(Self.new, .owner), now: Self.t0)
            == [.release(Self.old), .lower(Self.new), .completed])
        #expect(plan.step == .completed)
        #expect(plan.handle(.cancel, now: Self.t0).isEmpty)
        #expect(plan.tick(now: Instant(nanoseconds: .max)).isEmpty)
    }

    @Test func oldOwnerStaysFaultedUntilTheSuccessorOwnsByLease() throws {
        var plan = try Self.plan()
        _ = plan.start(now: Self.t0)
        _ = plan.handle(.trackLevelReported(Self.new, .successor), now: Self.t0)
        _ = plan.handle(.trackLevelReported(Self.new, .owner), now: Self.t0)
        #expect(plan.step == .faultingOwner)
        #expect(plan.handle(.vrrpReported(Self.new, .master), now: Self.t0).last == .completed)
    }

    @Test func timeoutWhileFaultingUndoesRaiseAndFault() throws {
        var plan = try Self.plan()
        _ = plan.start(now: Self.t0)
        _ = plan.handle(.trackLevelReported(Self.new, .successor), now: Self.t0)
        let deadline = Self.t0.adding(nanoseconds: Self.timeout)
        #expect(plan.tick(now: deadline.adding(nanoseconds: -1)).isEmpty)
        let effects = plan.tick(now: deadline)
        #expect(effects.prefix(2) == [.lower(Self.new), .release(Self.old)])
        #expect(plan.step == .aborted(.timedOut(step: "faulting the old owner")))
    }

    @Test func successorLossOrFaultAborts() throws {
        var lost = try Self.plan()
        _ = lost.start(now: Self.t0)
        #expect(lost.handle(.memberLost(Self.old), now: Self.t0).isEmpty)
        #expect(lost.handle(.memberLost(Self.new), now: Self.t0) == [.lower(Self.new), .aborted(.successorLost)])
        var faulted = try Self.plan()
        _ = faulted.start(now: Self.t0)
        _ = faulted.handle(.trackLevelReported(Self.new, .successor), now: Self.t0)
        #expect(faulted.handle(.vrrpReported(Self.new, .fault), now: Self.t0).last == .aborted(.successorFaulted))
    }

    @Test func refusesNonsensePlans() {
        #expect(throws: HandoverPlanError.sameNode(Self.old)) {
            try HandoverPlan(group: "app", from: Self.old, to: Self.old, stepTimeoutNanoseconds: 1)
        }
        #expect(throws: HandoverPlanError.nonPositiveTimeout(0)) {
            try HandoverPlan(group: "app", from: Self.old, to: Self.new, stepTimeoutNanoseconds: 0)
        }
    }

    /// Random event streams: the successor is raised before anything else, the old owner is faulted before
    /// the successor is granted, the plan always ends within its deadlines, completes only after MASTER
    /// and owner level were both reported, and leaves no raise or fault behind.
    @Test func randomEventStreamsKeepTheHandoverInvariants() throws {
        let nodes: [NodeID] = [Self.old, Self.new, "app3"]
        for seed in UInt64(0)..<3_000 {
            var rng = SplitMix64(seed: seed)
            var plan = try Self.plan()
            var now = Self.t0
            var effects = plan.start(now: now)
            var sawMaster = false
            var sawOwner = false
            for _ in 0..<40 where !plan.step.isFinished {
                now = now.adding(nanoseconds: Int64(rng.next() % 2_000_000_000))
                let node = nodes[Int(rng.next() % 3)]
                let event: HandoverEvent
                switch rng.next() % 12 {
                case 0: event = .memberLost(node)
                case 1: event = .cancel
                case 2...5: event = .vrrpReported(node, ObservedVRRPState.allCases[Int(rng.next() % 4)])
                default: event = .trackLevelReported(node, TrackLevel.allCases[Int(rng.next() % 4)])
                }
                let produced: [HandoverEffect]
                if rng.next() % 3 == 0 {
                    produced = plan.tick(now: now)
                } else {
                    if case let .vrrpReported(who, state) = event, who == Self.new { sawMaster = state == .master }
                    if case let .trackLevelReported(who, level) = event, who == Self.new { sawOwner = level == .owner }
                    produced = plan.handle(event, now: now)
                }
                if produced.last == .completed { #expect(sawMaster && sawOwner, "seed \(seed)") }
                effects += produced
            }
            effects += plan.tick(now: now.adding(nanoseconds: 2 * Self.timeout))
            #expect(plan.step.isFinished, "seed \(seed): plan did not end")
            Self.checkEffects(effects, seed: seed)
        }
    }

    static func checkEffects(_ effects: [HandoverEffect], seed: UInt64) {
        #expect(effects.first == .raise(new), "seed \(seed)")
        var raised = false
        var faulted = false
        var ends = 0
        for effect in effects {
            switch effect {
            case let .raise(node): #expect(node == new && !raised); raised = true
            case let .lower(node): #expect(node == new && raised); raised = false
            case let .fault(node): #expect(node == old && !faulted); faulted = true
            case let .release(node): #expect(node == old && faulted); faulted = false
            case let .grant(node): #expect(node == new && faulted, "seed \(seed): granted before the fault")
            case .completed, .aborted: ends += 1
            }
        }
        #expect(!raised && !faulted && ends == 1, "seed \(seed): \(effects)")
        #expect(effects.last.map { if case .aborted = $0 { true } else { $0 == .completed } } == true)
    }
}
