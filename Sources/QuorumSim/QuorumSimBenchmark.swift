import Quorum

/// Simulated failover time at default Raft settings: repeatedly kill -9 the coordinator of a 5-voter
/// fleet on a clean LAN-like network (0.2–2 ms delays, ±1 % clock rates) and measure, in TRUE time,
/// how long until (a) a new coordinator is elected and (b) it renews a VIP group lease.
public enum QuorumSimBenchmark {
    /// Runs ≥ 1,000 simulated coordinator crashes and returns a printable report with p50/p90/p99/max.
    public static func run(seed: UInt64) -> String {
        run(seed: seed, crashes: 1000).report
    }

    /// The measured distributions, in milliseconds, for tests and reports.
    public struct Measurement: Sendable {
        public var electionMillis: [Double] = []
        public var leaseRenewalMillis: [Double] = []
        public var timeouts = 0
        public var violations: [String] = []

        public var report: String {
            func line(_ name: String, _ values: [Double]) -> String {
                let sorted = values.sorted()
                func pick(_ q: Double) -> String {
                    guard !sorted.isEmpty else { return "-" }
                    let rank = min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)
                    return String(Int(sorted[max(0, rank)].rounded()))
                }
                return "\(name): n=\(sorted.count) p50=\(pick(0.5))ms p90=\(pick(0.9))ms p99=\(pick(0.99))ms max=\(pick(1.0))ms"
            }
            return [
                "quorum failover benchmark (simulated, 5 voters, heartbeat 50 ms, election 300-600 ms, lease 300 ms, drift 1%)",
                line("kill -9 of coordinator -> new coordinator elected", electionMillis),
                line("kill -9 of coordinator -> new coordinator renewed a lease", leaseRenewalMillis),
                "timeouts=\(timeouts) violations=\(violations.count)" + (violations.first.map { " first: \($0)" } ?? ""),
            ].joined(separator: "\n")
        }
    }

    public static func run(seed: UInt64, crashes: Int) -> Measurement {
        var config = SimulationConfig(seed: seed)
        config.learnerCount = 0
        config.lossRate = 0
        config.duplicateRate = 0
        config.partitionRate = 0
        config.crashRate = 0
        config.pauseRate = 0
        config.longDelayRate = 0
        config.midStepCrashRate = 0
        config.minDelayMicros = 200
        config.maxDelayMicros = 2000
        config.tickMillis = 2
        config.proposalIntervalMillis = 0
        config.groups = ["app"]
        config.snapshotThreshold = 1000
        let sim = QuorumSimulator(config: config)
        var measurement = Measurement()

        var crashAt: Int64 = 0
        var oldTerm: UInt64 = 0
        var elected: Int64?
        var renewed: Int64?
        sim.onEvent = { index, event, trueNanos in
            guard crashAt > 0 else { return }
            switch event {
            case let .coordinatorElected(term, _) where term > oldTerm && elected == nil:
                elected = trueNanos
            case let .leaseIssued(term, _, _) where term > oldTerm && renewed == nil:
                renewed = trueNanos
            default:
                _ = index
            }
        }
        sim.advance(until: 1_500_000_000)
        for _ in 0..<crashes {
            guard sim.result.violations.isEmpty else { break }
            guard let leader = stableLeader(sim) else {
                measurement.timeouts += 1
                continue
            }
            crashAt = sim.trueNow
            oldTerm = sim.nodes[leader].raft?.currentTerm ?? 0
            elected = nil
            renewed = nil
            sim.crash(leader)
            let deadline = crashAt + 10_000_000_000
            while renewed == nil, sim.trueNow < deadline, sim.result.violations.isEmpty {
                sim.advance(until: sim.trueNow + 5_000_000)
            }
            if let elected, let renewed {
                measurement.electionMillis.append(Double(elected - crashAt) / 1e6)
                measurement.leaseRenewalMillis.append(Double(renewed - crashAt) / 1e6)
            } else {
                measurement.timeouts += 1
            }
            crashAt = 0
        }
        measurement.violations = sim.result.violations
        return measurement
    }

    /// Lets the fleet settle: every node up, a leader, the group granted to a live non-leader that holds
    /// its lease. Returns the leader's index.
    static func stableLeader(_ sim: QuorumSimulator) -> Int? {
        for _ in 0..<40 {
            sim.advance(until: sim.trueNow + 100_000_000)
            guard sim.nodes.allSatisfy({ $0.raft != nil }), let leader = sim.leaderIndex,
                  let raft = sim.nodes[leader].raft else { continue }
            let holder = raft.fleetState.grants["app"]?.node
            if holder == nil || holder == raft.id {
                let target = (leader + 1) % sim.nodes.count
                sim.propose(.grant(group: "app", node: sim.nodes[target].id), on: leader)
                continue
            }
            guard let holderIndex = sim.nodes.firstIndex(where: { $0.id == holder }),
                  let holderRaft = sim.nodes[holderIndex].raft,
                  holderRaft.holdsLease(group: "app", now: sim.nodes[holderIndex].localTime(trueNanos: sim.trueNow))
            else { continue }
            // Jitter the crash instant within a heartbeat interval, as a real kill would.
            sim.advance(until: sim.trueNow + sim.randomInt(0..<50_000_000))
            return sim.leaderIndex
        }
        return nil
    }
}
