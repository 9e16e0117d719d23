import Foundation
import Operations
import Quorum
import Testing

/// Operations live in the fleet state: added as commands of the state machine, gated by a feature,
/// replicated and snapshotted like any other — and Consensus did not change for them.
@Suite("Fleet operations in the replicated state")
struct FleetOperationTests {
    static func rollout() throws -> Rollout {
        let plan = OperationPlan(name: "update", targets: PlanTargets(groups: ["app"]),
                                 steps: [PlanStep(name: "s", command: .argv(["/bin/true"]))])
        let fleet = FleetTopology(nodes: [.init(name: "app1", role: "app"), .init(name: "app2", role: "app")],
                                  groups: [.init(name: "app", members: ["app1", "app2"], holder: "app1")])
        return try RolloutPlanner.lay(plan, on: fleet, staging: "/st")
    }

    static func starting(_ id: String) -> AttemptID { AttemptID(operation: id, node: "app2", step: 0, attempt: 1) }

    @Test("the new kinds round-trip, and an older version keeps them as unknown")
    func coding() throws {
        let commands: [FleetCommand] = [.startOperation(id: "op1", rollout: try Self.rollout(), admin: "alice"),
                                        .recordOperation(id: "op1", record: .stepStarting(Self.starting("op1"))),
                                        .forgetOperations(ids: ["op1", "op2"])]
        for command in commands {
            let data = try JSONEncoder().encode(command)
            #expect(try JSONDecoder().decode(FleetCommand.self, from: data) == command)
            let older = command.downgraded(knowing: Set(FleetCommand.knownKinds).subtracting(["startOperation", "recordOperation", "forgetOperations"]))
            guard case .unknown = older else {
                Issue.record("an older version should see \(command.kind) as unknown")
                continue
            }
            #expect(older.resolved() == command)
        }
    }

    @Test("the gate waits until every voter and every target knows operations")
    func gate() throws {
        let start = FleetCommand.startOperation(id: "op1", rollout: try Self.rollout(), admin: "alice")
        #expect(start.requiredFeature == .operations)
        #expect(Set(start.concernedNodes) == ["app1", "app2"])
        var gate = FeatureGate(advertised: ["v1": FleetFeature.supported, "v2": FleetFeature.supported,
                                            "app1": FleetFeature.supported, "app2": [.fleetStateV1]],
                               voters: ["v1", "v2"])
        #expect(gate.refusal(for: start)?.lacking == ["app2"])
        gate.advertised["app2"] = FleetFeature.supported
        #expect(gate.refusal(for: start) == nil)
    }

    @Test("an operation committed through Raft is on every node, survives a snapshot, and a new conductor resumes from it")
    func replicated() throws {
        var cluster = try TestCluster(voters: ["v1", "v2", "v3"]) { $0.snapshotThreshold = 3 }
        cluster.run(millis: 2_000)
        let leader = try #require(cluster.leaders.first)
        let rollout = try Self.rollout()
        _ = try cluster.propose(.startOperation(id: "op1", rollout: rollout, admin: "alice"), on: leader)
        let records: [OperationRecord] = [.actionDone(node: "app2", action: 0), .stepStarting(Self.starting("op1"))]
        for record in records { _ = try cluster.propose(.recordOperation(id: "op1", record: record), on: leader) }
        cluster.run(millis: 300)
        for node in ["v1", "v2", "v3"] as [NodeID] {
            let operation = try #require(cluster.nodes[node]?.fleetState.fleetOperations["op1"])
            #expect(operation.records == records && operation.admin == "alice" && operation.rollout == rollout)
        }
        let snapshot = try #require(cluster.nodes[leader]?.snapshot)
        let restored = try JSONDecoder().decode(FleetState.self, from: JSONEncoder().encode(snapshot.state))
        #expect(restored.fleetOperations == snapshot.state.fleetOperations)
        // A new coordinator's conductor, built from that state, asks about the attempt instead of running it.
        let operation = try #require(cluster.nodes[leader]?.fleetState.fleetOperations["op1"])
        var conductor = OperationConductor(operation: "op1", rollout: operation.rollout, records: operation.records, now: .zero)
        #expect(conductor.start() == [.queryAttempt(Self.starting("op1"))])
    }

    @Test("retention: ended operations beyond the newest 100 are forgotten, oldest first; one that has not ended never is")
    func retention() throws {
        var state = FleetState()
        var index: UInt64 = 0
        func apply(_ command: FleetCommand) {
            index += 1
            state.apply(LogEntry(index: index, term: 1, command: command))
        }
        let rollout = try Self.rollout()
        apply(.startOperation(id: "halted-old", rollout: rollout, admin: "a"))
        apply(.recordOperation(id: "halted-old", record: .halted(reason: "gate")))
        apply(.startOperation(id: "running-old", rollout: rollout, admin: "a"))
        for n in 0..<130 {
            apply(.startOperation(id: "op\(n)", rollout: rollout, admin: "a"))
            apply(.recordOperation(id: "op\(n)", record: n % 2 == 0 ? .finished : .cancelled))
        }
        let expired = OperationRetention.expired(state.fleetOperations)
        #expect(expired == (0..<30).map { "op\($0)" }, "\(expired)")
        #expect(FleetCommand.forgetOperations(ids: expired).requiredFeature == .operationRetention)
        apply(.forgetOperations(ids: expired + ["halted-old", "running-old"]))
        #expect(state.fleetOperations.count == 102)
        #expect(state.fleetOperations["halted-old"] != nil && state.fleetOperations["running-old"] != nil)
        #expect(OperationRetention.expired(state.fleetOperations).isEmpty)
    }
}
