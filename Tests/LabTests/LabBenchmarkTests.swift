#if os(Linux)
import Foundation
import Testing

extension LabSuite {
    /// The baseline benchmark, run only when asked for (LAB_BENCH_TRIALS=N), because it takes about
    /// ten seconds per trial: `scripts/lab/baseline.sh [trials]`.
    @Suite struct LabBenchmarkTests {
        static let trials = ProcessInfo.processInfo.environment["LAB_BENCH_TRIALS"].flatMap { Int($0) }

        @Test(.enabled(if: trials != nil, "set LAB_BENCH_TRIALS=N to run the keepalived baseline benchmark"))
        func keepalivedAloneBaseline() async throws {
            try LabGate.require()
            let report = try await LabBenchmark.run(trials: Self.trials ?? 1)
            print(report)
            #expect(report.serviceFailover?.count == report.trials)
            #expect(report.splitBrain?.count == report.trials)
        }

        static let handoverTrials = ProcessInfo.processInfo.environment["LAB_HANDOVER_TRIALS"].flatMap { Int($0) }

        /// Planned handovers alone, to chase a slow one in the logs (LAB_KEEP_LOGS=dir keeps them).
        @Test(.enabled(if: handoverTrials != nil, "set LAB_HANDOVER_TRIALS=N to run planned handovers alone"))
        func plannedHandovers() async throws {
            try LabGate.requireVIPAgent()
            let times = try await AgentBenchmark.plannedHandovers(trials: Self.handoverTrials ?? 1)
            if let stats = DurationStats(times) {
                print("planned handovers: \(times.count), p50 \(stats.p50.formatted) p90 \(stats.p90.formatted) max \(stats.max.formatted)")
            }
            #expect(times.count == Self.handoverTrials)
        }

        /// keepalived alone against keepalived + nodeagent, side by side: `scripts/lab/agents-bench.sh [N]`.
        @Test(.enabled(if: trials != nil, "set LAB_BENCH_TRIALS=N to run the side-by-side VIP benchmark"))
        func keepalivedAloneAgainstNodeagent() async throws {
            try LabGate.requireVIPAgent()
            let report = try await AgentBenchmark.run(trials: Self.trials ?? 1)
            print(report)
            #expect(report.agents.failover.count == report.trials)
            #expect(report.alone.handover.count == report.trials)
        }

        static let ansibleTrials = ProcessInfo.processInfo.environment["LAB_ANSIBLE_BENCH_TRIALS"].flatMap { Int($0) }
        static let ansiblePlaybook = ProcessInfo.processInfo.environment["ANSIBLE_PLAYBOOK"] ?? Command.find("ansible-playbook")

        /// The update of both pairs by `nodeagent op run` against an Ansible playbook (`serial: 1` over
        /// ssh), side by side: `scripts/lab/ansible-bench.sh [N]`, which installs ansible-core from PyPI
        /// into a cache directory (never in CI).
        @Test(.enabled(if: ansibleTrials != nil, "set LAB_ANSIBLE_BENCH_TRIALS=N to run the nodeagent-against-Ansible benchmark"))
        func nodeagentAgainstAnsible() async throws {
            try LabGate.requireVIPAgent()
            guard let playbook = Self.ansiblePlaybook, Command.find("sshd") != nil else {
                throw LabError.unavailable("needs ansible-playbook (ANSIBLE_PLAYBOOK) and sshd (openssh-server): run scripts/lab/ansible-bench.sh")
            }
            let report = try await AnsibleBenchmark.run(trials: Self.ansibleTrials ?? 1, ansiblePlaybook: playbook)
            print(report)
            #expect(report.nodeagent.updates.count == report.trials)
            #expect(report.ansible.updates.count == report.trials)
        }
    }
}
#endif
