import QuorumSim
import Testing

/// The failover benchmark's machinery (the figures themselves are for the report, not asserted tightly).
@Suite("Benchmark")
struct BenchmarkTests {
    @Test("simulated coordinator kills always end with a new coordinator renewing leases, safely")
    func failoverCompletes() {
        let measurement = QuorumSimBenchmark.run(seed: 42, crashes: 40)
        print(measurement.report)
        #expect(measurement.violations.isEmpty)
        #expect(measurement.timeouts == 0)
        #expect(measurement.electionMillis.count == 40)
        // Physical floor: nobody may campaign before the minimum election timeout has elapsed since the
        // last heartbeat, and the new coordinator must wait out the old leases before renewing.
        #expect(measurement.electionMillis.allSatisfy { $0 > 200 && $0 < 5000 })
        #expect(zip(measurement.electionMillis, measurement.leaseRenewalMillis).allSatisfy { $0 < $1 })
    }
}
