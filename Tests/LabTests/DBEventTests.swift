#if os(Linux)
import Foundation
import Testing

/// The database events against the real thing: a PostgreSQL + Patroni + etcd + HAProxy cluster on
/// three lab nodes with a real `nodeagent` beside each. Every condition is induced for real; each
/// event must fire with its policy's severity within a bound and clear when the fault is healed, and
/// the time each took to fire is printed (a switchover is momentary: its clear is timed from its firing). Thresholds an operator would tune for a drill (a 1 s lag, a
/// 15 s deadlock window) are set the operator's way, with `nodeagent events policy set`.
extension LabSuite {
@Suite struct DBEventTests {
    /// Fired and cleared times of each drill, printed as one table at the end.
    final class Timings {
        var rows: [String] = []
        func add(_ drill: String, _ fired: EventSighting, firedAfter: Double, clearedAfter: Double?) {
            let clear = clearedAfter.map { String(format: "%.1f s", $0) } ?? "-"
            rows.append("\(drill.padding(toLength: 34, withPad: " ", startingAt: 0)) \(fired.policy.padding(toLength: 27, withPad: " ", startingAt: 0)) "
                + "\(fired.severity.padding(toLength: 8, withPad: " ", startingAt: 0)) on \(fired.node): fired \(String(format: "%.1f", firedAfter)) s, cleared \(clear)")
        }
    }

    @Test func eachDatabaseConditionFiresWithItsSeverityAndClears() async throws {
        try LabGate.requireDatabase()
        try LabGate.requireAgent()
        let fleet = try DBEventLab()
        defer { fleet.stop() }
        try await fleet.start()
        let cluster = fleet.cluster
        let names = cluster.names
        let leader = try #require(try cluster.leader())
        let replicas = names.filter { $0 != leader }
        print("DB events: leader \(leader), replicas \(replicas)")
        // The DB VIP, arbitrated by the agents on a `patroni` check (role leader), is on the leader alone.
        let sampler = try #require(fleet.sampler)
        let settled = try await sampler.waitFor("the DB VIP on the leader \(leader) alone", timeout: .seconds(30)) { $0 == [leader] }
        let watchedFrom = settled.at

        // The operator's drill thresholds, through the CLI; every node must have them before the drills.
        try fleet.admin(names[0], ["events", "policy", "set", "replication_lag", "--param", "lag_threshold_sec=1", "--param", "sample_count=2"])
        try fleet.admin(names[1], ["events", "policy", "set", "deadlocks", "--param", "deadlock_count=3", "--param", "window_sec=15"])
        let refused = try fleet.agent(names[2]).admin(["events", "policy", "set", "etcd_unavailable", "--enabled", "false"])
        #expect(!refused.succeeded && refused.output.contains("mandatory"), "\(refused.output)")
        try await cluster.poll("the drill thresholds on every node", timeout: .seconds(10)) { () -> Bool? in
            let all = try names.allSatisfy { node in
                let text = try fleet.admin(node, ["events", "policies"]).output
                return text.contains("lag_threshold_sec=1,sample_count=2") && text.contains("deadlock_count=3,window_sec=15")
            }
            return all ? true : nil
        }
        // Whatever the start raised (a replica restarted by Patroni, the VIP not yet placed) has cleared,
        // and a healthy cluster then raises nothing fatal or critical.
        try await cluster.poll("every event of the start to clear", timeout: .seconds(40)) { () -> Bool? in
            try names.allSatisfy { try fleet.active($0).isEmpty } ? true : nil
        }
        let startup = try names.flatMap { node in try fleet.records(node).filter { $0.kind == "fired" }.map { "\(node): \($0)" } }
        print("DB events: raised while the cluster and the agents started, all cleared: \(startup.isEmpty ? "none" : startup.joined(separator: "; "))")
        let quietSince = now()
        try await Task.sleep(for: .seconds(4))
        let quiet = try names.flatMap { try fleet.records($0) }.filter { $0.kind == "fired" && $0.severity != "normal" && $0.time >= quietSince }
        #expect(quiet.isEmpty, "events on a healthy cluster: \(quiet)")

        let writes = try cluster.startWriteLoad(through: names[0])
        _ = try await writes.waitForLine(startingWith: "up", timeout: .seconds(10))
        let timings = Timings()

        try await connections(fleet, leader: leader, timings)
        try await deadlocks(fleet, leader: leader, timings)
        try await walReceiver(fleet, leader: leader, replica: replicas[0], timings)
        try await haproxy(fleet, node: replicas[1], timings)
        try await postmaster(fleet, leader: leader, timings)
        try await etcd(fleet, leader: leader, timings)
        try await failover(fleet, timings)
        writes.stop()
        #expect(sampler.timeline.maxHolders(since: watchedFrom) <= 1, "the DB VIP had two holders")
        print("DB events: the DB VIP had two holders for \(sampler.timeline.dualHolderTime(since: watchedFrom).formatted) in the whole run")
        print("DB events: time from inducing each condition to its event, and from healing to the clear:\n  "
              + timings.rows.joined(separator: "\n  "))
        // What an operator sees, on any node.
        print("DB events: $ nodeagent events --all-nodes --severity critical\n"
              + (try fleet.admin(names[0], ["events", "--all-nodes", "--severity", "critical"]).output))
        print("DB events: $ nodeagent events summary --all-nodes\n" + (try fleet.admin(names[1], ["events", "summary", "--all-nodes"]).output))
    }

    private func now() -> Double { Date().timeIntervalSince1970 }

    /// Waits for the fired record of `policy` after `since`, checks its severity, returns it and its delay.
    private func fired(_ fleet: DBEventLab, _ policy: String, on nodes: [String], subject: String? = nil, since: Double,
                       severity: String, within bound: Duration) async throws -> (EventSighting, Double) {
        let sighting = try await fleet.waitFor(policy, "fired", on: nodes, subject: subject, since: since, timeout: bound)
        #expect(sighting.severity == severity, "\(sighting)")
        return (sighting, sighting.time - since)
    }

    private func cleared(_ fleet: DBEventLab, _ sighting: EventSighting, since: Double, within bound: Duration) async throws -> Double {
        let clear = try await fleet.waitFor(sighting.policy, "cleared", on: [sighting.node], subject: sighting.subject, since: since, timeout: bound)
        return clear.time - since
    }

    /// 80 of max_connections (100 - 3 reserved) held on the leader: `connections_high`, critical,
    /// after sample_count = 2 rounds.
    private func connections(_ fleet: DBEventLab, leader: String, _ timings: Timings) async throws {
        let start = now()
        let held = try await fleet.cluster.holdConnections(80, on: leader)
        let (event, after) = try await fired(fleet, "connections_high", on: [leader], since: start, severity: "critical", within: .seconds(15))
        #expect(event.evidence.contains("client connections of 97"), "\(event)")
        let healed = now()
        held.stop()
        timings.add("80 connections held on the leader", event, firedAfter: after,
                    clearedAfter: try await cleared(fleet, event, since: healed, within: .seconds(10)))
    }

    /// Three deadlocks on the leader within the 15 s window: `deadlocks`, normal; it clears when they
    /// leave the window.
    private func deadlocks(_ fleet: DBEventLab, leader: String, _ timings: Timings) async throws {
        let start = now()
        #expect(try fleet.cluster.causeDeadlocks(3, on: leader) == 3)
        let (event, after) = try await fired(fleet, "deadlocks", on: [leader], since: start, severity: "normal", within: .seconds(10))
        let healed = now()
        timings.add("3 deadlocks on the leader", event, firedAfter: after,
                    clearedAfter: try await cleared(fleet, event, since: healed, within: .seconds(25)))
    }

    /// A replica's walreceiver frozen under a write load: on the leader, `replication_lag` (critical)
    /// for that replica, then `wal_receiver_not_streaming` (critical) once the leader drops the
    /// walsender (wal_sender_timeout = 5 s in the lab); both clear after SIGCONT.
    private func walReceiver(_ fleet: DBEventLab, leader: String, replica: String, _ timings: Timings) async throws {
        let start = now()
        _ = try fleet.cluster.pauseWalReceiver(replica)
        var resumed = false
        defer { if !resumed { fleet.cluster.resumeWalReceiver(replica) } }
        let (lag, lagAfter) = try await fired(fleet, "replication_lag", on: [leader], subject: replica, since: start, severity: "critical", within: .seconds(10))
        let (stream, streamAfter) = try await fired(fleet, "wal_receiver_not_streaming", on: [leader], subject: replica, since: start,
                                                    severity: "critical", within: .seconds(20))
        let healed = now()
        fleet.cluster.resumeWalReceiver(replica)
        resumed = true
        timings.add("walreceiver frozen on a replica", lag, firedAfter: lagAfter, clearedAfter: try await cleared(fleet, lag, since: healed, within: .seconds(20)))
        timings.add("walreceiver frozen on a replica", stream, firedAfter: streamAfter,
                    clearedAfter: try await cleared(fleet, stream, since: healed, within: .seconds(20)))
    }

    /// HAProxy killed: `haproxy_unavailable`, fatal, after failure_count = 3 refused connects.
    private func haproxy(_ fleet: DBEventLab, node: String, _ timings: Timings) async throws {
        let start = now()
        try fleet.cluster.stopHAProxy(node)
        let (event, after) = try await fired(fleet, "haproxy_unavailable", on: [node], since: start, severity: "fatal", within: .seconds(10))
        #expect(event.evidence.contains("connect failed"), "\(event)")
        let healed = now()
        try fleet.cluster.startHAProxy(node)
        timings.add("HAProxy killed", event, firedAfter: after, clearedAfter: try await cleared(fleet, event, since: healed, within: .seconds(10)))
    }

    /// The leader's postmaster killed: Patroni restarts it in place, so the leader does not change and
    /// no switchover may be reported, though the timeline rises (the trap of the lab's facts).
    /// Whatever the agent saw of the restart (database access failing for a few rounds) must clear.
    private func postmaster(_ fleet: DBEventLab, leader: String, _ timings: Timings) async throws {
        let start = now()
        _ = try fleet.cluster.killPostmaster(leader)
        try await fleet.cluster.poll("postgres on \(leader) to answer again", timeout: .seconds(30)) {
            (try? fleet.cluster.sqlInt(leader, "SELECT 1")) == 1 ? true : nil
        }
        try await Task.sleep(for: .seconds(4))
        #expect(try fleet.cluster.leader() == leader)
        let seen = try fleet.cluster.names.flatMap { try fleet.records($0) }.filter { $0.time >= start }
        #expect(!seen.contains { $0.policy == "ha_switchover" }, "a restart in place was reported as a switchover: \(seen)")
        print("DB events: postmaster killed on \(leader) and restarted in place: \(seen.isEmpty ? "no event" : seen.map(\.description).joined(separator: "; "))")
        for event in seen where event.kind == "fired" {
            _ = try await cleared(fleet, event, since: start, within: .seconds(15))
        }
    }

    /// Two etcd members stopped: `etcd_unavailable` (fatal) after 3 rounds on every node, and once
    /// Patroni demotes the leader, `ha_no_leader` (fatal) after 2 rounds of no member answering
    /// /leader with 200. Both clear when etcd is back.
    private func etcd(_ fleet: DBEventLab, leader: String, _ timings: Timings) async throws {
        let names = fleet.cluster.names
        let stopped = names.filter { $0 != leader }
        let start = now()
        for name in stopped { try fleet.cluster.stopEtcd(name) }
        let (etcd, etcdAfter) = try await fired(fleet, "etcd_unavailable", on: [leader], since: start, severity: "fatal", within: .seconds(15))
        let (noLeader, noLeaderAfter) = try await fired(fleet, "ha_no_leader", on: names, since: start, severity: "fatal", within: .seconds(40))
        let healed = now()
        for name in stopped { try fleet.cluster.startEtcd(name) }
        timings.add("2 of 3 etcd members stopped", etcd, firedAfter: etcdAfter,
                    clearedAfter: try await cleared(fleet, etcd, since: healed, within: .seconds(30)))
        timings.add("2 of 3 etcd members stopped", noLeader, firedAfter: noLeaderAfter,
                    clearedAfter: try await cleared(fleet, noLeader, since: healed, within: .seconds(40)))
        _ = try await fleet.cluster.waitForLeader(timeout: .seconds(30))
        try await fleet.cluster.waitForStreamingReplicas(2, timeout: .seconds(60))
    }

    /// The leader's Patroni and postgres killed: a real failover. The surviving nodes report
    /// `ha_switchover` (critical) with the old and new leader; the old leader's node reports its
    /// Patroni abnormal (critical) and its database unavailable (fatal); all clear once its Patroni
    /// is back and it has rejoined. The DB VIP follows the new leader (its `patroni` check passes there).
    private func failover(_ fleet: DBEventLab, _ timings: Timings) async throws {
        let start = now()
        let killedAt = ContinuousClock.now
        let old = try fleet.cluster.killLeaderPatroniAndPostgres()
        let survivors = fleet.cluster.names.filter { $0 != old }
        let (switchover, switchAfter) = try await fired(fleet, "ha_switchover", on: survivors, since: start, severity: "critical", within: .seconds(40))
        #expect(switchover.evidence.hasPrefix(old + " → "), "\(switchover)")
        let (patroni, patroniAfter) = try await fired(fleet, "patroni_abnormal", on: [old], since: start, severity: "critical", within: .seconds(10))
        let (database, databaseAfter) = try await fired(fleet, "database_unavailable", on: [old], since: start, severity: "fatal", within: .seconds(10))
        let new = try await fleet.cluster.waitForLeader(otherThan: old, timeout: .seconds(30))
        let sampler = try #require(fleet.sampler)
        let moved = try await sampler.waitFor("the DB VIP to follow the new leader \(new)", since: killedAt, timeout: .seconds(30)) { $0 == [new] }
        print("DB events: the DB VIP moved \(old) → \(new) \((moved.at - killedAt).formatted) after the old leader's Patroni and postgres were killed "
              + "(no holder for \(sampler.timeline.longestNoHolder(from: killedAt, to: moved.at).formatted) at most)")
        let healed = now()
        try fleet.cluster.restartPatroni(old)
        timings.add("the leader's Patroni+postgres killed", switchover, firedAfter: switchAfter,
                    clearedAfter: try await cleared(fleet, switchover, since: switchover.time, within: .seconds(10)))
        timings.add("the leader's Patroni+postgres killed", patroni, firedAfter: patroniAfter,
                    clearedAfter: try await cleared(fleet, patroni, since: healed, within: .seconds(60)))
        timings.add("the leader's Patroni+postgres killed", database, firedAfter: databaseAfter,
                    clearedAfter: try await cleared(fleet, database, since: healed, within: .seconds(60)))
    }
}
}
#endif
