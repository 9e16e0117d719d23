import Foundation
import Testing

/// Events on three real agents with a real journald: a killed member fires `member_dead` once on the
/// coordinator, with PRIORITY from its severity and the policy as a field; it clears when the member
/// comes back; the history survives the coordinator's restart; policies are fleet-wide settings that
/// refuse to disable a mandatory one; `--all-nodes` merges every node's records.
@Suite("Events (3 real agents, real journald)", .serialized)
struct EventProcessTests {
    let names = ["app1", "app2", "db1"]

    private func json(_ fleet: TestFleet, _ node: String, _ arguments: [String]) throws -> [String: Any] {
        let result = try fleet.admin(node, arguments + ["--json"])
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestFleetError("\(arguments) on \(node): \(result)")
        }
        return object
    }

    private func records(_ fleet: TestFleet, _ node: String, _ extra: [String] = []) -> [[String: Any]] {
        ((try? json(fleet, node, ["events"] + extra))?["records"] as? [[String: Any]]) ?? []
    }

    private func coordinator(_ fleet: TestFleet) -> String? {
        fleet.coordinator(of: "app1")["coordinator"] as? String
    }

    @Test("a dead member fires once, journald gets PRIORITY and NODEAGENT_POLICY, it clears on return, history survives a restart")
    func memberDeadFiresAndClears() throws {
        if let reason = JournaldHarness.unavailableReason {
            Issue.record("journald harness unavailable: \(reason)")
            return
        }
        let journal = try JournaldHarness()
        defer { journal.stop() }
        let fleet = try TestFleet(journal: journal)
        defer { fleet.stop() }
        try fleet.addMesh(names, voters: names)
        for name in names { try fleet.start(name) }
        try #require(fleet.eventually(timeout: .seconds(30)) { coordinator(fleet) != nil && names.allSatisfy { fleet.peers(of: $0).count == 2 } })
        let leader = try #require(coordinator(fleet))
        let victim = try #require(names.first { $0 != leader })
        let witness = try #require(names.first { $0 != leader && $0 != victim })

        try #require(fleet.eventually(timeout: .seconds(20)) { fleet.members(of: leader).values.filter { $0 == "alive" }.count == 3 },
                     "gossip never showed all three alive on \(leader): \(fleet.members(of: leader))")
        fleet.signal(victim, SIGKILL)
        let fired = { records(fleet, leader, ["--policy", "member_dead"]).filter { $0["kind"] as? String == "fired" } }
        try #require(fleet.eventually(timeout: .seconds(30)) { !fired().isEmpty },
                     "member_dead never fired on \(leader): members \(fleet.members(of: leader)), events \((try? fleet.admin(leader, ["events", "--json"])).map { "\($0)" } ?? "")")
        let record = try #require(fired().first)
        #expect(record["subject"] as? String == victim && record["severity"] as? String == "critical" && record["node"] as? String == leader)
        let entries = try journal.waitForEntries(matching: ["NODEAGENT_EVENT": "event_fired", "NODEAGENT_POLICY": "member_dead"])
        #expect(entries.first?["PRIORITY"] == "3" && entries.first?["NODEAGENT_SUBJECT"] == victim, "\(entries)")
        #expect(entries.first?["NODEAGENT_EVIDENCE"]?.contains("dead") == true)

        // Seen from the witness: --node asks the coordinator through the mesh; --all-nodes merges.
        #expect(records(fleet, witness, ["--node", leader]).contains { $0["policy"] as? String == "member_dead" })
        let merged = try json(fleet, witness, ["events", "--all-nodes"])
        #expect((merged["records"] as? [[String: Any]])?.contains { $0["node"] as? String == leader } == true)
        let summary = try json(fleet, witness, ["events", "summary", "--all-nodes"])
        #expect((summary["counts"] as? [[String: Any]])?.contains { $0["policy"] as? String == "member_dead" && $0["count"] as? Int == 1 } == true)

        // The coordinator restarts: its history is on disk.
        _ = fleet.stopNode(leader)
        try fleet.start(leader)
        #expect(records(fleet, leader, ["--policy", "member_dead"]).contains { $0["kind"] as? String == "fired" },
                "the history did not survive the restart")

        // The member returns: whoever coordinates now sees it alive; the fired event on the old
        // coordinator's history clears (there as "not seen since the agent restarted" or "no longer reported").
        try fleet.start(victim)
        try #require(fleet.eventually(timeout: .seconds(40)) {
            names.allSatisfy { node in
                let mine = records(fleet, node, ["--policy", "member_dead"])
                return mine.filter { $0["kind"] as? String == "fired" }.count == mine.filter { $0["kind"] as? String == "cleared" }.count
            }
        }, "member_dead did not clear everywhere: \(names.map { records(fleet, $0, ["--policy", "member_dead"]) })")
        let clears = try journal.waitForEntries(matching: ["NODEAGENT_EVENT": "event_cleared", "NODEAGENT_POLICY": "member_dead"])
        #expect(clears.first?["PRIORITY"] == "5")
    }

    @Test("policies: fleet-wide, validated, a mandatory one refuses to be disabled, changes recorded with the admin")
    func policies() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        try fleet.addMesh(names, voters: names)
        for name in names { try fleet.start(name) }
        // A policy change needs every voter to advertise event-policies/1 in gossip: wait until every
        // node has heard every other (right after the election, one may not have yet, and the change is
        // refused with "does not advertise it").
        try #require(fleet.eventually(timeout: .seconds(30)) {
            coordinator(fleet) != nil && names.allSatisfy { fleet.members(of: $0).values.filter { $0 == "alive" }.count == names.count }
        })
        let refused = try fleet.admin("app2", ["events", "policy", "set", "etcd_unavailable", "--enabled", "false"])
        #expect(refused.status != 0 && refused.stderr.contains("mandatory and cannot be disabled"), "\(refused)")
        let badParameter = try fleet.admin("app2", ["events", "policy", "set", "replication_lag", "--param", "lag=3"])
        #expect(badParameter.status != 0 && badParameter.stderr.contains("lag_threshold_sec"), "\(badParameter)")
        let set = try fleet.admin("app2", ["events", "policy", "set", "replication_lag", "--param", "lag_threshold_sec=5", "--severity", "fatal"])
        #expect(set.status == 0 && set.stdout.contains("changed for the whole fleet"), "\(set)")
        let disabled = try fleet.admin("db1", ["events", "policy", "set", "cache_hit_low", "--enabled", "false"])
        #expect(disabled.status == 0, "\(disabled)")
        try #require(fleet.eventually(timeout: .seconds(10)) {
            names.allSatisfy { node in
                guard let result = try? fleet.admin(node, ["events", "policies", "--json"]), result.status == 0,
                      let rows = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else { return false }
                let lag = rows.first { $0["name"] as? String == "replication_lag" }
                let cache = rows.first { $0["name"] as? String == "cache_hit_low" }
                return lag?["parameters"] as? String == "lag_threshold_sec=5,sample_count=2" && lag?["severity"] as? String == "fatal"
                    && lag?["changed"] as? Bool == true && cache?["enabled"] as? Bool == false
            }
        }, "the policy change did not reach every node")
        let table = try fleet.admin("app1", ["events", "policies"])
        #expect(table.stdout.contains("replication_lag") && table.stdout.contains("(changed)"))
        #expect(fleet.log("app2").contains("event_policy_set"))
    }
}

/// A real OOM kill: a process in a small memory cgroup of the test's own allocates beyond its limit,
/// the kernel kills it, and the agent's `oom_kill` event fires (critical) with the count, then clears.
@Suite("The OOM-kill event (a real kernel OOM kill)", .serialized)
struct OOMEventProcessTests {
    @Test("a process killed by the OOM killer fires oom_kill, critical, and it clears")
    func oomKillFires() throws {
        let (made, reason) = MemoryCgroup.make(limitBytes: 32 * 1024 * 1024)
        guard let cgroup = made else {
            Issue.record("no memory cgroup to induce an OOM kill in: \(reason ?? "")")
            return
        }
        defer { cgroup.remove() }
        let fleet = try TestFleet()
        defer { fleet.stop() }
        try fleet.addMesh(["db1", "app1"])
        for name in ["db1", "app1"] { try fleet.start(name) }
        // Two rounds, so the agent has read the kernel's count before the kill.
        usleep(2_500_000)
        let before = Date().timeIntervalSince1970
        let status = try cgroup.runHog(bytes: 256 * 1024 * 1024)
        #expect(status != 0, "the hog was not killed (exit \(status))")
        var fired: [String: Any]?
        #expect(fleet.eventually(timeout: .seconds(10)) {
            let result = try? fleet.admin("db1", ["events", "--policy", "oom_kill", "--json"])
            let object = result.flatMap { try? JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any] }
            let records = object?["records"] as? [[String: Any]] ?? []
            fired = records.first { $0["kind"] as? String == "fired" && ($0["time"] as? Double ?? 0) >= before }
            return fired != nil && records.contains { $0["kind"] as? String == "cleared" && ($0["time"] as? Double ?? 0) >= before }
        }, "oom_kill did not fire and clear: \(String(describing: try? fleet.admin("db1", ["events"])))")
        #expect(fired?["severity"] as? String == "critical")
        #expect((fired?["evidence"] as? String)?.contains("killed by the OOM killer") == true, "\(String(describing: fired))")
    }
}
