#if os(Linux)
import Foundation

/// The keepalived-alone baseline figures over N trials: the numbers nodeagent has to beat, measured
/// the same way its own lab figures will be (on the interfaces, by the 10 ms sampler). Run it with
/// `scripts/lab/baseline.sh [trials]`; it is a benchmark, so it prints and asserts nothing about speed.
enum LabBenchmark {
    struct Report: CustomStringConvertible {
        var trials: Int
        var election: Duration
        /// From the holder's HTTP service being killed to the VIP on the peer alone.
        var serviceFailover: DurationStats?
        /// From the holder being cut off the bridge to two holders.
        var splitBrain: DurationStats?
        /// From the heal to one holder again.
        var heal: DurationStats?
        var samplerGaps: DurationStats?
        var samplerReads: DurationStats?
        /// What one sample would cost by spawning `ip -n NS -4 -o addr show` per namespace instead.
        var spawnedSample: DurationStats?

        var description: String {
            let none = "no trials"
            return """
                keepalived-alone baseline, \(trials) trials, advert_int 1, vrrp_script interval 1 fall 2 rise 1
                  first election (app1 MASTER 101 alone) : \(election.formatted)
                  VIP moved after service died    : \(serviceFailover?.description ?? none)
                  two holders after a cut         : \(splitBrain?.description ?? none)
                  one holder again after heal     : \(heal?.description ?? none)
                  sampler gap between samples     : \(samplerGaps?.description ?? none)
                  sampler read of 2 namespaces    : \(samplerReads?.description ?? none)
                  spawning ip per namespace, 2 ns : \(spawnedSample?.description ?? none)
                """
        }
    }

    /// Runs `trials` service failovers and `trials` cut/heal cycles on one fresh pair.
    static func run(trials: Int, progress: (String) -> Void = { print($0) }) async throws -> Report {
        guard (1...1_000).contains(trials) else {
            throw LabError.invalidRequest("trials must be 1…1000, not \(trials)")
        }
        let pair = try BaselinePair()
        defer { pair.stop() }
        let elected = try await pair.waitUntilSettled(on: "app1")
        var failovers: [Duration] = []
        var splits: [Duration] = []
        var heals: [Duration] = []
        for trial in 1...trials {
            try await pair.waitUntilSettled(on: "app1")
            failovers.append(try await pair.measureServiceFailover())
            progress("trial \(trial): VIP moved \(failovers[failovers.count - 1].formatted) after the service died")
        }
        for trial in 1...trials {
            try await pair.waitUntilSettled(on: "app1")
            let (holder, dual) = try await pair.measureSplitBrain()
            splits.append(dual)
            heals.append(try await pair.heal(holder))
            progress("trial \(trial): two holders \(dual.formatted) after the cut, one \(heals[heals.count - 1].formatted) after the heal")
        }
        let timeline = pair.sampler.timeline
        return Report(trials: trials, election: elected - pair.startedAt,
                      serviceFailover: DurationStats(failovers), splitBrain: DurationStats(splits),
                      heal: DurationStats(heals), samplerGaps: timeline.gaps, samplerReads: timeline.readTimes,
                      spawnedSample: try spawnedSampleCost(pair.members))
    }

    /// Times 20 samples taken the obvious way, one `ip` process per namespace, to show why the
    /// sampler reads the namespaces in-process instead.
    private static func spawnedSampleCost(_ nodes: [LabNode]) throws -> DurationStats? {
        var costs: [Duration] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            for node in nodes {
                try Command.run(["ip", "-n", node.namespace, "-4", "-o", "addr", "show"], timeout: .seconds(5)).check()
            }
            costs.append(.now - start)
        }
        return DurationStats(costs)
    }
}
#endif
