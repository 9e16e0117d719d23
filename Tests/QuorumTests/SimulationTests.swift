import Quorum
import QuorumSim
import Testing

/// Safety of the Raft core under the deterministic simulator: every invariant is checked after every
/// step by the simulator itself; these tests run many seeds and require zero violations.
@Suite("Simulation")
struct SimulationTests {
    /// Seeds 0..<N in batches, so Swift Testing can spread them over the cores.
    static let batches = Array(0..<16)
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
}
