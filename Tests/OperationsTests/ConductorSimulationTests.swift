import Operations
import SeededRandom
import Testing

@Suite("Conductor under simulation")
struct ConductorSimulationTests {
    static func steps(idempotent: Bool) -> [PlanStep] {
        ["down", "backup", "replace", "load", "up"].enumerated().map { index, name in
            PlanStep(name: name, command: .argv(["/bin/true"]), retries: index == 3 ? 1 : 0, idempotent: idempotent || index % 2 == 0)
        }
    }

    static func rollout(idempotent: Bool, seed: UInt64) throws -> Rollout {
        let handBack: VIPPolicy.HandBack = seed % 2 == 0 ? .stay : .return
        let plan = OperationPlan(name: "update", targets: PlanTargets(groups: ["app", "int"]),
                                 strategy: RolloutStrategy(batch: seed % 3 == 0 ? .count(2) : .serial, maxParallel: 2,
                                                           maxFailures: Int(seed % 2)),
                                 vip: VIPPolicy(handBack: handBack), steps: steps(idempotent: idempotent),
                                 onFailure: [PlanStep(name: "restore", command: .argv(["/bin/true"]), idempotent: true)])
        return try RolloutPlanner.lay(plan, on: RolloutPlannerTests.fleet, staging: "/st")
    }

    @Test("no attempt twice, no pair out, every operation ends: faults everywhere", arguments: 0..<6)
    func seeds(chunk: Int) throws {
        var ended: [String: Int] = [:]
        for seed in UInt64(chunk * 200)..<UInt64(chunk * 200 + 200) {
            var simulation = ConductorSimulation(rollout: try Self.rollout(idempotent: seed % 4 == 0, seed: seed),
                                                 topology: RolloutPlannerTests.fleet, seed: seed)
            do {
                let status = try simulation.run()
                ended[Self.name(status), default: 0] += 1
            } catch {
                let recent = simulation.log.suffix(12).joined(separator: "\n")
                Issue.record(Comment(rawValue: "seed \(seed): \(error)\n\(recent)"))
                return
            }
        }
        #expect(ended["finished", default: 0] > 0)
        #expect(ended["halted", default: 0] > 0)
    }

    @Test("without faults every operation finishes with every node updated once")
    func clean() throws {
        let faults = ConductorSimulation.Faults.none
        for seed in UInt64(0)..<50 {
            var simulation = ConductorSimulation(rollout: try Self.rollout(idempotent: false, seed: seed),
                                                 topology: RolloutPlannerTests.fleet, seed: seed, faults: faults)
            #expect(try simulation.run() == .finished)
            #expect(simulation.runs.count == 4 * 5)
            // Each VIP move and gate asked for once: none is asked for again while its record commits.
            #expect(simulation.moveRequests.count == simulation.rollout.moves.count && simulation.moveRequests.values.allSatisfy { $0 == 1 },
                    "seed \(seed): VIP moves asked for more than once: \(simulation.moveRequests.filter { $0.value > 1 })")
            #expect(simulation.gateRequests.count == 4 && simulation.gateRequests.values.allSatisfy { $0 == 1 },
                    "seed \(seed): gates asked for more than once: \(simulation.gateRequests.filter { $0.value > 1 })")
            if seed % 2 == 1 { #expect(simulation.holder == ["app": "app1", "int": "int2"]) }
        }
    }

    /// "on_failure steps (restore the backup) run on the failed node before the operation halts": a
    /// node whose step or gate failed is restored before the halt for too many failures, not left out
    /// of service for the operator to find.
    @Test("a failed node's on_failure steps run before the operation halts")
    func onFailureRunsBeforeTheHalt() throws {
        var faults = ConductorSimulation.Faults.none
        faults.stepFailure = 0.05
        faults.gateFailure = 0.3
        var halts = 0
        for seed in UInt64(0)..<100 {
            let rollout = try Self.rollout(idempotent: true, seed: seed)
            var simulation = ConductorSimulation(rollout: rollout, topology: RolloutPlannerTests.fleet, seed: seed, faults: faults)
            guard case .halted = try simulation.run() else { continue }
            halts += 1
            #expect(!simulation.progress.failed.isEmpty, "seed \(seed): halted with no failed node")
            for node in simulation.progress.failed.keys.sorted() {
                let restore = AttemptID(operation: "op", node: node, step: rollout.plan.steps.count, attempt: 1)
                let outcome = simulation.progress.outcomes[restore]
                #expect(outcome != nil, "seed \(seed): \(node) failed and the operation halted before its on_failure step ran")
                if outcome == .succeeded {
                    #expect(!simulation.outOfService.contains(node), "seed \(seed): \(node) restored but out of service")
                }
            }
        }
        #expect(halts > 10, "only \(halts) of 100 seeds halted: the test proves little")
    }

    static func name(_ status: OperationStatus) -> String {
        switch status {
        case .running: "running"
        case .paused: "paused"
        case .halted: "halted"
        case .cancelled: "cancelled"
        case .finished: "finished"
        }
    }
}
