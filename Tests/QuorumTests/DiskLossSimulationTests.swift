import Quorum
import QuorumSim
import Testing

/// The "disk lost" fault under the deterministic simulator: nodes crash and come back with an empty data
/// directory, on top of loss, duplication, partitions, crashes, pauses and clock skew. The simulator
/// checks after every step that there is one leader per term and that no committed entry is lost or
/// changed; these tests also require every wiped node to catch up once the network has healed.
@Suite("Simulation with lost disks")
struct DiskLossSimulationTests {
    /// Faults (disk losses included) stop at 2.5 s; the run goes on to 5 s.
    static let healMillis: Int64 = 2500
    /// A wiped node's commit index reaches the highest commit index at its restart within this much
    /// simulated time after its restart, or after the heal if it came back before the heal.
    static let catchUpBoundMillis: Int64 = 1500

    static func config(seed: UInt64, heavy: Bool) -> SimulationConfig {
        var config = SimulationConfig(seed: seed)
        config.diskLossRate = 0.12
        config.healAfterMillis = healMillis
        config.durationMillis = 5000
        if heavy {
            config.voterCount = 3
            config.learnerCount = 2
            config.lossRate = 0.15
            config.partitionRate = 0.3
            config.crashRate = 0.15
            config.diskLossRate = 0.2
        }
        return config
    }

    static func check(seeds: Range<UInt64>, heavy: Bool) -> (losses: Int, catchUps: [Int64]) {
        var losses = 0
        var catchUps: [Int64] = []
        for seed in seeds {
            let result = QuorumSimulator(config: config(seed: seed, heavy: heavy)).run()
            #expect(result.violations.isEmpty, "\(result)")
            #expect(result.catchUpsPending == 0, "a wiped node never caught up: \(result)")
            #expect((result.catchUpMillis.max() ?? 0) <= catchUpBoundMillis, "\(result) \(result.catchUpMillis)")
            #expect(result.progressAfterHeal, "\(result)")
            losses += result.diskLosses
            catchUps += result.catchUpMillis
        }
        return (losses, catchUps)
    }

    @Test("5 voters + 1 learner: one leader per term, no committed entry lost, wiped nodes catch up",
          arguments: 0..<6)
    func fiveVoters(batch: Int) {
        let first = 70_000 + UInt64(batch) * 50
        let (losses, catchUps) = Self.check(seeds: first..<first + 50, heavy: false)
        #expect(losses >= 50, "the runs must actually lose disks")
        #expect(catchUps.count >= 40)
        print("disk loss, 5 voters, seeds \(first)..<\(first + 50): losses=\(losses) catch-ups=\(catchUps.count) max=\(catchUps.max() ?? -1)ms p50=\(catchUps.sorted()[catchUps.count / 2])ms")
    }

    @Test("3 voters + 2 learners under heavy faults: the same, with more wipes", arguments: 0..<4)
    func threeVotersHeavy(batch: Int) {
        let first = 80_000 + UInt64(batch) * 50
        let (losses, catchUps) = Self.check(seeds: first..<first + 50, heavy: true)
        #expect(losses >= 50)
        #expect(catchUps.count >= 40)
        print("disk loss, 3 voters heavy, seeds \(first)..<\(first + 50): losses=\(losses) catch-ups=\(catchUps.count) max=\(catchUps.max() ?? -1)ms p50=\(catchUps.sorted()[catchUps.count / 2])ms")
    }
}
