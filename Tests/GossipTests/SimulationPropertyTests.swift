import Foundation
import Gossip
import GossipSim
import Testing
import SeededRandom

/// Properties of the protocol under the seeded simulator. Each batch covers a range of seeds; a failure
/// names its seed, and re-running that seed reproduces it exactly. `GOSSIP_SEED_SCALE=n` in the
/// environment multiplies the seeds of every batch for a deeper sweep.
@Suite("Simulated fleets")
struct SimulationPropertyTests {
    static let batches = Array(0..<8)
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["GOSSIP_SEED_SCALE"] ?? "") ?? 1)
    static let fleet = 7

    /// A varied but TCP-like network: small random delays (reordering), some duplication, rare loss.
    static func network(_ rng: inout SplitMix64) -> SimNetwork {
        SimNetwork(minDelay: .microseconds(100), maxDelay: .milliseconds(1 + rng.below(15)),
                   lossRate: rng.below(3) == 0 ? 0.005 : 0, duplicateRate: 0.01, reportRefused: rng.below(2) == 0)
    }

    @Test("a crashed node is declared dead by every survivor within the bound", arguments: batches)
    func crashIsDetectedWithinBound(batch: Int) {
        for seed in seeds(batch, count: 60) {
            var rng = SplitMix64(seed: seed)
            let net = Self.network(&rng)
            guard let sim = SimHarness.joinedFleet(count: Self.fleet, seed: seed, network: net) else {
                Issue.record("seed \(seed): fleet did not converge"); continue
            }
            sim.run(for: .milliseconds(rng.below(1_000)))
            let victim = rng.below(Self.fleet)
            let survivors = (0..<Self.fleet).filter { $0 != victim }
            sim.crash(victim)
            let bound = GossipBounds.crashDetection(settings: sim.settings, members: Self.fleet, network: net)
            let took = SimHarness.runUntil(sim, limit: bound) {
                survivors.allSatisfy { sim.status(of: victim, seenBy: $0) == .dead }
            }
            #expect(took != nil, "seed \(seed): victim \(victim) not dead everywhere within \(bound)")
            // Safety meanwhile: no survivor was ever declared dead.
            let wrongly = sim.events.filter { SimHarness.isDead($0) && $0.event.member.name != sim.id(victim).name }
            #expect(wrongly.isEmpty, "seed \(seed): live nodes declared dead: \(wrongly)")
        }
    }

    /// `connectionsReset`: a killed agent (its kernel resets the connections, the driver reports it);
    /// otherwise a host that vanished silently and is found only by probing.
    @Test("a crashed node is declared dead by all survivors with p99 ≤ 1.5 s in a 7-node fleet",
          arguments: [true, false])
    func crashDetectionP99(connectionsReset: Bool) {
        var times: [Double] = []
        for seed in UInt64(10_000)..<UInt64(10_000 + 250 * Self.scale) {
            var rng = SplitMix64(seed: seed)
            let sim = GossipSimulator(count: Self.fleet, network: SimNetwork(reportRefused: connectionsReset),
                                      seed: seed, preJoined: true)
            sim.run(until: .seconds(3) + .milliseconds(rng.below(1_000)))
            let victim = rng.below(Self.fleet)
            sim.crash(victim)
            let took = SimHarness.runUntil(sim, limit: .seconds(6)) {
                (0..<Self.fleet).allSatisfy { $0 == victim || sim.status(of: victim, seenBy: $0) == .dead }
            }
            times.append(took.map(SimHarness.seconds) ?? 99)
        }
        times.sort()
        let p99 = times[times.count * 99 / 100]
        #expect(p99 <= 1.5, "p99 \(p99) s, median \(times[times.count / 2]) s")
    }

    @Test("messages delayed less than a probe period never get a live node suspected", arguments: batches)
    func delaysBelowBoundNeverKill(batch: Int) {
        for seed in seeds(batch, count: 16) {
            var rng = SplitMix64(seed: seed)
            let settings = GossipSettings()
            // Round trip below the probe interval: the direct ack always lands within the period.
            let oneWay = (settings.probeInterval / 2) * (0.2 + 0.75 * rng.unit())
            let net = SimNetwork(minDelay: .zero, maxDelay: oneWay, duplicateRate: 0.01)
            let sim = GossipSimulator(count: Self.fleet, network: net, seed: seed, preJoined: true)
            sim.run(until: .seconds(15))
            let bad = sim.events.filter {
                switch $0.event { case .dead, .suspected: return true; default: return false }
            }
            #expect(bad.isEmpty, "seed \(seed), max delay \(oneWay): \(bad.prefix(3))")
        }
    }

    @Test("a node stalled for less than the suspicion minimum is never declared dead", arguments: batches)
    func shortStallsNeverKill(batch: Int) {
        for seed in seeds(batch, count: 40) {
            var rng = SplitMix64(seed: seed)
            let sim = GossipSimulator(count: Self.fleet, network: Self.network(&rng), seed: seed, preJoined: true)
            sim.run(until: .seconds(2))
            let settings = sim.settings
            for _ in 0..<3 {
                let node = rng.below(Self.fleet)
                let stall = settings.suspicionMin * (0.3 + 0.69 * rng.unit())
                sim.stall(node, for: stall)
                sim.run(for: .seconds(3) + .milliseconds(rng.below(500)))
            }
            sim.run(for: .seconds(2))
            let dead = sim.events.filter(SimHarness.isDead)
            #expect(dead.isEmpty, "seed \(seed): \(dead.prefix(3))")
            #expect(SimHarness.agree(sim, among: Array(0..<Self.fleet)), "seed \(seed)")
        }
    }

    @Test("after a partition heals every node agrees on the membership within the bound", arguments: batches)
    func partitionHealConverges(batch: Int) {
        for seed in seeds(batch, count: 15) {
            var rng = SplitMix64(seed: seed)
            let count = 5 + rng.below(4)
            guard let sim = SimHarness.joinedFleet(count: count, seed: seed) else {
                Issue.record("seed \(seed): fleet did not converge"); continue
            }
            let all = Array(0..<count)
            let cut = 1 + rng.below(count - 1)
            let shuffled = all.shuffled(using: &rng)
            let symmetric = rng.below(3) != 0
            sim.partition(Array(shuffled[..<cut]), Array(shuffled[cut...]), symmetric: symmetric)
            sim.run(for: .seconds(1 + rng.below(12)))
            sim.healAll()
            let bound = GossipBounds.healConvergence(settings: sim.settings)
            let took = SimHarness.runUntil(sim, limit: bound, step: .milliseconds(50)) {
                SimHarness.agree(sim, among: all)
            }
            #expect(took != nil, "seed \(seed): no agreement \(bound) after heal (symmetric \(symmetric), cut \(cut))")
            let settled = SimHarness.runUntil(sim, limit: sim.settings.pushPullInterval, step: .milliseconds(100)) {
                SimHarness.agree(sim, among: all) && SimHarness.sameIncarnations(sim, among: all)
            }
            #expect(settled != nil, "seed \(seed): incarnations did not settle")
        }
    }

    @Test("a partition longer than dead-member retention still heals through the seeds")
    func longPartitionHealsThroughSeeds() {
        for seed in UInt64(20_000)..<20_004 {
            guard let sim = SimHarness.joinedFleet(count: 6, seed: seed) else {
                Issue.record("seed \(seed): fleet did not converge"); continue
            }
            sim.partition([0, 3, 4], [1, 2, 5])
            sim.run(for: sim.settings.deadRetention + .seconds(5))
            #expect(sim.core(0)?.status(of: "n1") == nil, "seed \(seed): dead member should have been forgotten")
            sim.healAll()
            let took = SimHarness.runUntil(sim, limit: GossipBounds.healConvergence(settings: sim.settings),
                                           step: .milliseconds(50)) { SimHarness.agree(sim, among: Array(0..<6)) }
            #expect(took != nil, "seed \(seed)")
        }
    }

    @Test("a refuted suspicion never leaves anyone believing the refuting node dead", arguments: batches)
    func refutedSuspicionLeavesNoDeath(batch: Int) {
        var suspectedRuns = 0
        for seed in seeds(batch, count: 40) {
            var rng = SplitMix64(seed: seed)
            let sim = GossipSimulator(count: Self.fleet, seed: seed, preJoined: true)
            sim.run(until: .seconds(2))
            let x = rng.below(Self.fleet)
            let others = (0..<Self.fleet).filter { $0 != x }
            // x's outgoing traffic vanishes long enough to be suspected, not long enough to be killed.
            sim.partition([x], others, symmetric: false)
            sim.run(for: .milliseconds(350 + rng.below(200)))
            sim.healAll()
            sim.run(for: .seconds(5))
            let name = sim.id(x).name
            let history = SimHarness.events(sim, about: name)
            let suspected = history.contains { if case .suspected = $0.event { return true } else { return false } }
            if suspected {
                suspectedRuns += 1
                #expect((sim.core(x)?.incarnation ?? 0) > 0, "seed \(seed): refutation must bump the incarnation")
            }
            #expect(!history.contains(where: SimHarness.isDead), "seed \(seed)")
            #expect(others.allSatisfy { sim.status(of: x, seenBy: $0) == .alive }, "seed \(seed)")
        }
        // Most runs must actually exercise a suspicion and its refutation.
        #expect(suspectedRuns >= 24 * Self.scale, "only \(suspectedRuns) runs of \(40 * Self.scale) caused a suspicion")
    }

    @Test("graceful leave is recorded as left by everyone, never dead", arguments: batches)
    func gracefulLeave(batch: Int) {
        for seed in seeds(batch, count: 30) {
            var rng = SplitMix64(seed: seed)
            let sim = GossipSimulator(count: Self.fleet, network: Self.network(&rng), seed: seed, preJoined: true)
            sim.run(until: .seconds(2) + .milliseconds(rng.below(500)))
            let x = rng.below(Self.fleet)
            sim.leave(x)
            sim.run(for: .milliseconds(rng.below(300)))  // shutdown grace, then the process is gone
            sim.crash(x)
            sim.run(for: .seconds(8))
            let name = sim.id(x).name
            #expect(!SimHarness.events(sim, about: name).contains(where: SimHarness.isDead), "seed \(seed)")
            #expect((0..<Self.fleet).allSatisfy { $0 == x || sim.status(of: x, seenBy: $0) == .left }, "seed \(seed)")
        }
    }

    @Test("a restarted node refutes its death and everyone sees it alive again", arguments: batches)
    func restartRejoins(batch: Int) {
        for seed in seeds(batch, count: 15) {
            var rng = SplitMix64(seed: seed)
            guard let sim = SimHarness.joinedFleet(count: Self.fleet, seed: seed) else {
                Issue.record("seed \(seed): fleet did not converge"); continue
            }
            let x = rng.below(Self.fleet)
            let all = Array(0..<Self.fleet)
            sim.crash(x)
            // Either restart before anyone noticed, or after the death verdict spread.
            sim.run(for: rng.below(2) == 0 ? .milliseconds(50) : .seconds(5))
            sim.restart(x)
            let took = SimHarness.runUntil(sim, limit: GossipBounds.healConvergence(settings: sim.settings),
                                           step: .milliseconds(50)) { SimHarness.agree(sim, among: all) }
            #expect(took != nil, "seed \(seed)")
        }
    }

    @Test("a semi-isolated node causes no deaths and no gossip storm")
    func semiIsolatedNodeCausesNoStorm() {
        for seed in UInt64(30_000)..<30_012 {
            var rng = SplitMix64(seed: seed)
            let sim = GossipSimulator(count: Self.fleet, seed: seed, preJoined: true)
            sim.run(until: .seconds(5))
            let base0 = sim.messagesSent
            sim.run(for: .seconds(10))
            let baseline = sim.messagesSent - base0
            let x = rng.below(Self.fleet)
            let others = (0..<Self.fleet).filter { $0 != x }.shuffled(using: &rng)
            sim.partition([x], Array(others.prefix(3)), symmetric: false)
            let cut0 = sim.messagesSent
            sim.run(for: .seconds(10))
            let during = sim.messagesSent - cut0
            #expect(!sim.events.contains(where: SimHarness.isDead), "seed \(seed)")
            #expect(during <= baseline * 2, "seed \(seed): \(during) messages vs \(baseline) before")
        }
    }

    @Test("the same seed replays exactly")
    func deterministicReplay() {
        func run(_ seed: UInt64) -> ([SimEventRecord], Int, Int) {
            var rng = SplitMix64(seed: seed)
            let sim = GossipSimulator(count: 6, network: Self.network(&rng), seed: seed)
            sim.run(until: .seconds(4))
            sim.partition([0, 1], [2, 3, 4, 5])
            sim.crash(4)
            sim.run(for: .seconds(4))
            sim.healAll()
            sim.restart(4)
            sim.run(for: .seconds(6))
            return (sim.events, sim.messagesSent, sim.bytesSent)
        }
        let a = run(77), b = run(77), c = run(78)
        #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
        #expect(!a.0.isEmpty)
        #expect(a.0 != c.0 || a.1 != c.1)
    }

    private func seeds(_ batch: Int, count: Int) -> Range<UInt64> {
        UInt64(batch * 1_000)..<UInt64(batch * 1_000 + count * Self.scale)
    }
}
