import Quorum
import QuorumSim
import Testing

/// Safety of the Raft core under the deterministic simulator: every invariant is checked after every
/// step by the simulator itself; these tests run many seeds and require zero violations.
@Suite("Simulation")
struct SimulationTests {
    /// Seeds 0..<N in batches, so Swift Testing can spread them over the cores.
    static let batches = Array(0..<32)
    static let seedsPerBatch: UInt64 = 64

    @Test("invariants hold under loss, duplication, partitions, crashes and clock skew", arguments: batches)
    func invariantsHold(batch: Int) {
        var elections = 0
        var committed = 0
        var leases = 0
        for offset in 0..<Self.seedsPerBatch {
            let seed = UInt64(batch) * Self.seedsPerBatch + offset
            let result = QuorumSimulator(config: SimulationConfig(seed: seed)).run()
            #expect(result.violations.isEmpty, "\(result)")
            elections += result.elections
            committed += result.committedEntries
            leases += result.leasesIssued
        }
        // The runs must actually exercise the protocol, not idle.
        #expect(elections >= Int(Self.seedsPerBatch))
        #expect(committed >= Int(Self.seedsPerBatch) * 5)
        #expect(leases >= Int(Self.seedsPerBatch))
    }

    @Test("a seed reproduces exactly: same steps, same elections, same committed history")
    func reproducible() {
        for seed: UInt64 in [3, 77, 1234] {
            let first = QuorumSimulator(config: SimulationConfig(seed: seed)).run()
            let second = QuorumSimulator(config: SimulationConfig(seed: seed)).run()
            #expect(first.description == second.description)
            #expect(first.historyDigest == second.historyDigest)
            #expect(first.steps > 0)
        }
        let other = QuorumSimulator(config: SimulationConfig(seed: 4)).run()
        #expect(other.historyDigest != QuorumSimulator(config: SimulationConfig(seed: 3)).run().historyDigest)
    }

    @Test("after faults stop, a coordinator is elected and commits again", arguments: 0..<4)
    func progressAfterHeal(batch: Int) {
        for offset in 0..<25 {
            var config = SimulationConfig(seed: 10_000 + UInt64(batch * 25 + offset))
            config.healAfterMillis = 2500
            config.durationMillis = 5000
            let result = QuorumSimulator(config: config).run()
            #expect(result.violations.isEmpty, "\(result)")
            #expect(result.progressAfterHeal, "\(result)")
        }
    }

    @Test("heavy faults: high loss, frequent crashes and partitions, wide clock skew", arguments: 0..<4)
    func heavyFaults(batch: Int) {
        for offset in 0..<40 {
            var config = SimulationConfig(seed: 50_000 + UInt64(batch * 40 + offset))
            config.lossRate = 0.25
            config.duplicateRate = 0.1
            config.partitionRate = 0.4
            config.crashRate = 0.25
            config.midStepCrashRate = 0.01
            config.voterCount = 3
            config.learnerCount = 2
            let result = QuorumSimulator(config: config).run()
            #expect(result.violations.isEmpty, "\(result)")
        }
    }
}

/// Invariant 1 with old and new agents side by side: the newer nodes commit kinds the older ones do
/// not know; the older ones keep, relay and commit them (also as coordinators) and apply them as no-ops.
@Suite("Simulation with mixed versions")
struct MixedVersionSimulationTests {
    @Test("invariants hold with two of six nodes on an older version", arguments: 0..<8)
    func invariantsHoldWithOlderNodes(batch: Int) {
        var unknownApplied = 0
        var committed = 0
        for offset in 0..<32 {
            var config = SimulationConfig(seed: 50_000 + UInt64(batch * 32 + offset))
            config.olderNodes = 2
            let result = QuorumSimulator(config: config).run()
            #expect(result.violations.isEmpty, "\(result)")
            unknownApplied += result.unknownCommandsApplied
            committed += result.committedEntries
        }
        #expect(unknownApplied > 0, "the older nodes must actually meet commands they do not know")
        #expect(committed >= 32 * 5)
    }
}
