#if os(Linux)
import Foundation
import Testing

/// The database lab itself, without nodeagent: a real PostgreSQL + Patroni + etcd + HAProxy cluster
/// starts, every drill happens for real and leaves the raw signal a monitoring agent would read, and
/// teardown leaves nothing behind. Every figure is printed.
extension LabSuite {
@Suite struct DBClusterTests {
    @Test func everyDrillLeavesItsSignal() async throws {
        try LabGate.requireDatabase()
        let cluster = try DBCluster()
        let namespaces = cluster.lab.liveNamespaces
        var pids: Set<pid_t> = []
        var stoppingAt = ContinuousClock.now
        do {
            defer {
                stoppingAt = ContinuousClock.now
                cluster.stop()
            }
            try await cluster.start()
            let times = try #require(cluster.startTimes)
            print("DB lab: start: \(times)")
            try await runDrills(cluster)
            pids = Set(cluster.livePIDs)
        }
        // Teardown: nothing of ours runs on (zombies aside) and the namespaces are gone.
        print("DB lab: teardown took \((ContinuousClock.now - stoppingAt).formatted)")
        let survivors = pids.filter(ProcessTree.isAlive)
        #expect(survivors.isEmpty, "still running after teardown: \(survivors.sorted())")
        let listed = try Command.run(["ip", "netns", "list"]).check().output.split(whereSeparator: \.isWhitespace)
        for namespace in namespaces {
            #expect(!listed.contains(Substring(namespace)), "\(namespace) outlived its lab")
        }
    }

    private func runDrills(_ cluster: DBCluster) async throws {
        let leader = try #require(try cluster.leader())
        let replicas = cluster.names.filter { $0 != leader }
        print("DB lab: leader \(leader), replicas \(replicas), members \(try cluster.members().map { "\($0.name) \($0.role) \($0.state)" })")

        // The monitoring role logs in over TCP with its password and reads what pg_monitor grants.
        let monitorCheck = try cluster.lab.run(in: try cluster.node(replicas[0]).node, [
            "env", "PGPASSWORD=" + cluster.monitorPassword, DBClusterConfig.postgresBin + "/psql", "-X", "-A", "-t", "-h", try cluster.postgresHost(leader),
            "-U", cluster.monitorUser, "-d", "postgres", "-c", "SELECT count(*) > 0 FROM pg_stat_replication",
        ], timeout: .seconds(10)).check()
        #expect(monitorCheck.output.trimmingCharacters(in: .whitespacesAndNewlines) == "t", "\(monitorCheck.output)")

        // Writes through db1's HAProxy, all along, so WAL flows and every interruption is timed.
        let writes = try cluster.startWriteLoad(through: cluster.names[0])
        _ = try await writes.waitForLine(startingWith: "up", timeout: .seconds(10))

        try await connectionsDrill(cluster, leader: leader)
        try await deadlockDrill(cluster, leader: leader)
        try await walReceiverDrill(cluster, leader: leader, replica: replicas[0])
        try await postmasterDrill(cluster, leader: leader, writes: writes)
        try await haproxyDrill(cluster, node: replicas[1])
        try await etcdDrill(cluster, leader: leader, writes: writes)
        try await failoverDrill(cluster, writes: writes)
        print("DB lab: write load: \(writes.lines.count) up/down transitions: \(writes.lines.suffix(12).joined(separator: " | "))")
    }

    /// Connections held → the node's client backends rise by that many; beyond the limit a new client
    /// is refused.
    private func connectionsDrill(_ cluster: DBCluster, leader: String) async throws {
        let countQuery = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        let before = try cluster.sqlInt(leader, countQuery)
        let began = ContinuousClock.now
        let held = try await cluster.holdConnections(80, on: leader)
        let opened = ContinuousClock.now - began
        let during = try cluster.sqlInt(leader, countQuery)
        print("DB lab: connections: 80 held on \(leader) in \(opened.formatted); client backends \(before) → \(during) (psql's own included)")
        #expect(during - before == 80)

        // The rest of max_connections (100) minus superuser_reserved_connections (3), plus one.
        let refused = await #expect(throws: LabError.self) {
            try await cluster.holdConnections(100 - 3 - during + 2, on: leader, timeout: .seconds(10)).stop()
        }
        let message = refused.map { "\($0)" } ?? ""
        #expect(message.contains("too many clients") || message.contains("reserved"), "\(message)")
        print("DB lab: connections: one more is refused: \(message.contains("reserved") ? "slots reserved for superusers" : "too many clients")")

        held.stop()
        try await cluster.poll("the held connections to close", timeout: .seconds(10)) {
            try cluster.sqlInt(leader, countQuery) <= before ? true : nil
        }
    }

    /// Deadlocks → pg_stat_database.deadlocks rises by exactly that many.
    private func deadlockDrill(_ cluster: DBCluster, leader: String) async throws {
        let query = "SELECT deadlocks FROM pg_stat_database WHERE datname = 'postgres'"
        let before = try cluster.sqlInt(leader, query)
        let began = ContinuousClock.now
        let seen = try cluster.causeDeadlocks(3, on: leader)
        let caused = ContinuousClock.now - began
        #expect(seen == 3)
        let after = try await cluster.poll("pg_stat_database.deadlocks to rise by 3", timeout: .seconds(10)) {
            let now = try cluster.sqlInt(leader, query)
            return now - before >= 3 ? now : nil
        }
        let counted = ContinuousClock.now - began
        print("DB lab: deadlocks: 3 caused in \(caused.formatted); pg_stat_database.deadlocks \(before) → \(after) (counted by \(counted.formatted))")
        #expect(after - before == 3)
    }

    /// A frozen walreceiver → on the leader, replay lag in bytes and the reply's age grow while the row
    /// still says streaming; after wal_sender_timeout the row leaves; after SIGCONT it streams again.
    private func walReceiverDrill(_ cluster: DBCluster, leader: String, replica: String) async throws {
        let row = """
            SELECT state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint,
                   (extract(epoch FROM now() - reply_time) * 1000)::bigint
            FROM pg_stat_replication WHERE application_name = '\(replica)'
            """
        func sample() throws -> (state: String, lagBytes: Int, replyAgeMs: Int)? {
            let fields = try cluster.sql(leader, row).split(separator: "|").map(String.init)
            guard fields.count == 3, let lag = Int(fields[1]), let age = Int(fields[2]) else { return nil }
            return (fields[0], lag, age)
        }
        let before = try #require(try sample())
        let pid = try cluster.pauseWalReceiver(replica)
        let pausedAt = ContinuousClock.now
        defer { cluster.resumeWalReceiver(replica) }

        let grown = try await cluster.poll("replay lag and reply age to grow on \(leader)", until: pausedAt + .seconds(5)) { () -> (state: String, lagBytes: Int, replyAgeMs: Int)? in
            guard let now = try sample(), now.lagBytes > before.lagBytes, now.replyAgeMs >= 2_000 else { return nil }
            return now
        }
        print("DB lab: walreceiver \(pid) on \(replica) frozen: after \((ContinuousClock.now - pausedAt).formatted) the leader "
              + "still says '\(grown.state)', lag \(before.lagBytes) → \(grown.lagBytes) bytes, reply age \(before.replyAgeMs) → \(grown.replyAgeMs) ms")
        #expect(grown.state == "streaming")

        try await cluster.poll("\(replica)'s row to leave \(leader)'s pg_stat_replication", until: pausedAt + .seconds(20)) {
            try sample() == nil ? true : nil
        }
        let gone = ContinuousClock.now - pausedAt
        let replicaView = try cluster.sql(replica, """
            SELECT status || ', last message ' || (extract(epoch FROM now() - last_msg_receipt_time) * 1000)::bigint || ' ms ago'
            FROM pg_stat_wal_receiver
            """)
        print("DB lab: walreceiver: its row left the leader's pg_stat_replication \(gone.formatted) after the freeze "
              + "(wal_sender_timeout 5 s); the replica's own view still says '\(replicaView)'")

        cluster.resumeWalReceiver(replica)
        let resumedAt = ContinuousClock.now
        try await cluster.poll("\(replica) to stream again with no lag", until: resumedAt + .seconds(30)) { () -> Bool? in
            guard let now = try sample(), now.state == "streaming", now.lagBytes < 1_000_000 else { return nil }
            return true
        }
        print("DB lab: walreceiver: streaming again \((ContinuousClock.now - resumedAt).formatted) after SIGCONT")
    }

    /// The leader's postmaster killed → Patroni restarts it in place: same leader, new postmaster, writes
    /// back through HAProxy.
    private func postmasterDrill(_ cluster: DBCluster, leader: String, writes: DBClientProcess) async throws {
        let timelineBefore = try cluster.restJSON(leader, "/patroni")["timeline"] as? Int
        let killedAtBoot = BootClock.nanoseconds()
        let killedAt = ContinuousClock.now
        let old = try cluster.killPostmaster(leader)
        let fresh = try await cluster.poll("a new postmaster on \(leader)", until: killedAt + .seconds(30)) {
            try cluster.postmasterPID(leader).flatMap { $0 != old ? $0 : nil }
        }
        let restarted = ContinuousClock.now - killedAt
        let back = try await writesBack(writes, after: killedAtBoot, cluster: cluster, within: .seconds(30))
        print("DB lab: postmaster \(old) of \(leader) killed: new postmaster \(fresh) after \(restarted.formatted); "
              + "writes through HAProxy back after \(back.formatted); leader now \(try cluster.leader() ?? "none")")
        #expect(try cluster.leader() == leader)
        try await cluster.waitForStreamingReplicas(cluster.nodes.count - 1, timeout: .seconds(30))
        let timelineAfter = try cluster.restJSON(leader, "/patroni")["timeline"] as? Int
        print("DB lab: postmaster: same leader, timeline \(timelineBefore.map(String.init) ?? "?") → \(timelineAfter.map(String.init) ?? "?")")
    }

    /// HAProxy killed → its write port refuses connections; restarted → it routes to the leader again.
    private func haproxyDrill(_ cluster: DBCluster, node: String) async throws {
        let address = try cluster.haproxyWriteAddress(node)
        let from = cluster.names.first { $0 != node } ?? node
        #expect(try cluster.tcpProbe(from: from, to: address) == "open")
        try cluster.stopHAProxy(node)
        let probe = try cluster.tcpProbe(from: from, to: address)
        print("DB lab: HAProxy on \(node) killed: \(address) → \(probe)")
        #expect(probe == "refused")
        let startedAt = ContinuousClock.now
        try cluster.startHAProxy(node)
        let leader = try #require(try cluster.leader())
        try await cluster.poll("HAProxy on \(node) to route writes again", until: startedAt + .seconds(15)) {
            try cluster.haproxyServerStatus(node)["primary/\(leader)"] == "UP" ? true : nil
        }
        print("DB lab: HAProxy on \(node) restarted: routing writes to \(leader) after \((ContinuousClock.now - startedAt).formatted)")
    }

    /// One etcd member down → health fails, Patroni unchanged. Two down → the leader demotes: no member
    /// answers /leader with 200 (while /cluster still names the old leader). Both back → a leader again.
    private func etcdDrill(_ cluster: DBCluster, leader: String, writes: DBClientProcess) async throws {
        let others = cluster.names.filter { $0 != leader }
        try cluster.stopEtcd(others[0])
        let health = try cluster.etcdHealth()
        print("DB lab: etcd on \(others[0]) stopped: endpoint health exit \(health.status): "
              + health.output.split(separator: "\n").filter { $0.contains("healthy") }.joined(separator: "; "))
        #expect(!health.succeeded)
        #expect(try cluster.leader() == leader)

        let timelineBefore = try cluster.restJSON(leader, "/patroni")["timeline"] as? Int
        try cluster.stopEtcd(others[1])
        let stoppedAtBoot = BootClock.nanoseconds()
        let stoppedAt = ContinuousClock.now
        // Both signals at once: when /primary and when /leader stop answering 200 anywhere.
        var primaryGone: Duration?
        try await cluster.poll("no member answering /leader or /primary with 200", timeout: .seconds(30)) { () -> Bool? in
            let primary = try cluster.restStatus("/primary").values.contains(200)
            if !primary, primaryGone == nil { primaryGone = ContinuousClock.now - stoppedAt }
            guard !primary else { return nil }
            return try cluster.restStatus("/leader").values.contains(200) ? nil : true
        }
        let lost = ContinuousClock.now - stoppedAt
        let listed = try cluster.members().first { $0.role == "leader" }?.name
        let writesDown = writes.instants(of: "down").first { $0 > stoppedAtBoot }.map { Duration.nanoseconds($0 - stoppedAtBoot).formatted }
        print("DB lab: two etcd members stopped: no /primary 200 after \(primaryGone?.formatted ?? "?"), no /leader 200 after "
              + "\(lost.formatted); writes through HAProxy failing after \(writesDown ?? "(not yet)"); "
              + "/cluster still names \(listed ?? "no one") as leader")

        try cluster.startEtcd(others[0])
        try cluster.startEtcd(others[1])
        let restartedAt = ContinuousClock.now
        let regained = try await cluster.waitForLeader(timeout: .seconds(30))
        let back = ContinuousClock.now - restartedAt
        try await cluster.poll("etcd healthy again", timeout: .seconds(15)) { try cluster.etcdHealth().succeeded ? true : nil }
        let timelineAfter = try cluster.restJSON(regained, "/patroni")["timeline"] as? Int
        print("DB lab: etcd members restarted: leader \(regained) answers /leader 200 after \(back.formatted); "
              + "timeline \(timelineBefore.map(String.init) ?? "?") → \(timelineAfter.map(String.init) ?? "?")")
        let writesBack = try await writesBack(writes, after: stoppedAtBoot, cluster: cluster, within: .seconds(30))
        print("DB lab: etcd: writes through HAProxy back \(writesBack.formatted) after the second member stopped")
        try await cluster.waitForStreamingReplicas(cluster.nodes.count - 1, timeout: .seconds(30))
    }

    /// The leader's Patroni and postgres killed → a replica is promoted (seen on the REST status codes),
    /// writes come back through HAProxy; the old leader, restarted, rejoins as a replica.
    private func failoverDrill(_ cluster: DBCluster, writes: DBClientProcess) async throws {
        let killedAtBoot = BootClock.nanoseconds()
        let killedAt = ContinuousClock.now
        let old = try cluster.killLeaderPatroniAndPostgres()
        let new = try await cluster.waitForLeader(otherThan: old, timeout: .seconds(40))
        let promoted = ContinuousClock.now - killedAt
        let back = try await writesBack(writes, after: killedAtBoot, cluster: cluster, within: .seconds(30))
        print("DB lab: leader \(old) killed (Patroni + postgres): \(new) answers /leader 200 after \(promoted.formatted); "
              + "writes through HAProxy back after \(back.formatted)")

        let restartedAt = ContinuousClock.now
        try cluster.restartPatroni(old)
        try await cluster.waitForStreamingReplicas(cluster.nodes.count - 1, timeout: .seconds(60))
        let rejoined = try cluster.members().first { $0.name == old }
        let listed = try cluster.members().first { $0.role == "leader" }?.name
        #expect(listed == new, "/cluster's leader")
        print("DB lab: \(old) restarted: streaming again as \(rejoined?.role ?? "?") after \((ContinuousClock.now - restartedAt).formatted)")
        #expect(try cluster.leader() == new)
    }

    /// How long after `instant` (CLOCK_BOOTTIME ns) the write load first reported writes working again.
    private func writesBack(_ writes: DBClientProcess, after instant: Int64, cluster: DBCluster,
                            within limit: Duration) async throws -> Duration {
        let up = try await cluster.poll("writes through HAProxy to work again", timeout: limit) {
            writes.instants(of: "up").first { $0 > instant }
        }
        return .nanoseconds(up - instant)
    }
}
}
#endif
