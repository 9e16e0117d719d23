import Events
import Foundation
import Quorum
import Testing

/// Event policy settings live in the fleet state: a command behind a feature, merged on apply,
/// replicated through Raft and kept in snapshots, and invisible-but-kept for an older version.
@Suite("Event policies in the replicated state")
struct EventPolicyStateTests {
    @Test("setEventPolicy round-trips, needs event-policies/1, and an older version keeps it as unknown")
    func coding() throws {
        let command = FleetCommand.setEventPolicy(name: "replication_lag", setting: EventPolicySetting(parameters: ["lag_threshold_sec": "5"]))
        #expect(try JSONDecoder().decode(FleetCommand.self, from: JSONEncoder().encode(command)) == command)
        #expect(command.requiredFeature == .eventPolicies)
        #expect(FleetFeature.supported.contains(.eventPolicies))
        let older = command.downgraded(knowing: Set(FleetCommand.knownKinds).subtracting(["setEventPolicy"]))
        guard case .unknown = older else {
            Issue.record("an older version should see setEventPolicy as unknown")
            return
        }
        #expect(older.resolved() == command)
    }

    @Test("changes merge per policy and survive a snapshot")
    func merging() throws {
        var state = FleetState()
        state.apply(LogEntry(index: 1, term: 1, command: .setEventPolicy(name: "deadlocks", setting: EventPolicySetting(severity: .critical))))
        state.apply(LogEntry(index: 2, term: 1, command: .setEventPolicy(name: "deadlocks", setting: EventPolicySetting(parameters: ["window_sec": "10"]))))
        #expect(state.eventPolicies["deadlocks"] == EventPolicySetting(severity: .critical, parameters: ["window_sec": "10"]))
        let restored = try JSONDecoder().decode(FleetState.self, from: JSONEncoder().encode(state))
        #expect(restored.eventPolicies == state.eventPolicies)
        let effective = EventCatalogue.effective(restored.eventPolicies).first { $0.name == "deadlocks" }
        #expect(effective?.severity == .critical && effective?.number("window_sec") == 10)
    }

    @Test("a policy change committed through Raft reaches every voter")
    func replicated() throws {
        var cluster = try TestCluster(voters: ["v1", "v2", "v3"])
        cluster.run(millis: 2_000)
        let leader = try #require(cluster.leaders.first)
        _ = try cluster.propose(.setEventPolicy(name: "cache_hit_low", setting: EventPolicySetting(enabled: false)), on: leader)
        cluster.run(millis: 300)
        for node in ["v1", "v2", "v3"] as [NodeID] {
            #expect(cluster.nodes[node]?.fleetState.eventPolicies["cache_hit_low"]?.enabled == false)
        }
    }
}
