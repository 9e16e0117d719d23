import Foundation

/// Turns a database node's facts into event readings, one round at a time. Pure; the only memory it
/// keeps is the previous block counters, because a cache hit ratio since the statistics were reset
/// says nothing about now: the ratio is taken over the blocks read since the last round.
public struct DatabaseEvaluator: Sendable {
    private var previousBlocks: (hit: Double, read: Double)?

    public init() {}

    public mutating func samples(_ facts: DatabaseFacts) -> [EventSample] {
        var samples: [EventSample] = []
        if let postgres = facts.postgres { samples += postgresSamples(postgres, patroni: facts.patroni) }
        if let patroni = facts.patroni { samples += patroniSamples(patroni) }
        if let answers = facts.leaderAnswers {
            let leaders = answers.filter(\.healthy)
            let evidence = leaders.isEmpty
                ? "no Patroni member answers /leader with 200: " + Self.describe(answers)
                : "leader answering: \(leaders.map(\.name).joined(separator: ", "))"
            samples.append(EventSample("ha_no_leader", .condition(bad: leaders.isEmpty, evidence: evidence)))
        }
        if let etcd = facts.etcd {
            let down = etcd.filter { !$0.healthy }
            let evidence = down.isEmpty
                ? "all \(etcd.count) etcd members healthy"
                : "\(etcd.count - down.count) of \(etcd.count) etcd members healthy; " + Self.describe(down)
            samples.append(EventSample("etcd_unavailable", .condition(bad: !down.isEmpty, evidence: evidence)))
        }
        if let haproxy = facts.haproxy {
            samples.append(EventSample("haproxy_unavailable", .condition(bad: !haproxy.healthy, evidence: "\(haproxy.name): \(haproxy.detail)")))
        }
        return samples
    }

    private mutating func postgresSamples(_ result: Result<DatabaseFacts.Postgres, SourceFailure>,
                                          patroni: Result<DatabaseFacts.Patroni, SourceFailure>?) -> [EventSample] {
        let postgres: DatabaseFacts.Postgres
        switch result {
        case let .failure(failure):
            previousBlocks = nil
            let unavailable = EventReading.unavailable("PostgreSQL did not answer")
            return [EventSample("database_unavailable", .condition(bad: true, evidence: failure.description))]
                + ["ping_latency_high", "connections_high", "deadlocks", "cache_hit_low", "disk_capacity"].map { EventSample($0, unavailable) }
        case let .success(facts):
            postgres = facts
        }
        var samples: [EventSample] = [
            EventSample("database_unavailable", .condition(bad: false, evidence: "SELECT 1 answered in \(Self.format(postgres.pingMilliseconds)) ms")),
            EventSample("ping_latency_high", .measure(postgres.pingMilliseconds, evidence: "SELECT 1 took \(Self.format(postgres.pingMilliseconds)) ms")),
            EventSample("deadlocks", .counter(postgres.deadlocks, evidence: "pg_stat_database.deadlocks = \(Int(postgres.deadlocks))")),
            EventSample("disk_capacity", .measure(postgres.databaseBytes, evidence: "databases hold \(Self.bytes(postgres.databaseBytes))")),
        ]
        let usable = max(1, postgres.maxConnections - postgres.reservedConnections)
        let usage = Double(postgres.clientBackends) * 100 / Double(usable)
        samples.append(EventSample("connections_high", .measure(usage, evidence:
            "\(postgres.clientBackends) client connections of \(usable) (max_connections \(postgres.maxConnections) - \(postgres.reservedConnections) reserved): \(Self.format(usage)) %")))
        samples.append(cacheSample(postgres))
        samples += replicationSamples(postgres, patroni: try? patroni?.get())
        return samples
    }

    private mutating func cacheSample(_ postgres: DatabaseFacts.Postgres) -> EventSample {
        defer { previousBlocks = (postgres.blocksHit, postgres.blocksRead) }
        guard let previous = previousBlocks else { return EventSample("cache_hit_low", .unavailable("first round")) }
        let hit = postgres.blocksHit - previous.hit, read = postgres.blocksRead - previous.read
        guard hit >= 0, read >= 0, hit + read > 0 else {
            return EventSample("cache_hit_low", .unavailable("no blocks accessed since the last round"))
        }
        let ratio = hit * 100 / (hit + read)
        return EventSample("cache_hit_low", .measure(ratio, evidence:
            "cache hit ratio \(Self.format(ratio)) % over the last round (\(Int(hit)) hits, \(Int(read)) reads)"))
    }

    /// On the leader: a replica's lag is how long it has been silent while behind (0 when it has
    /// replayed everything), and a replica Patroni lists without a streaming walsender is not streaming.
    /// On a replica: its WAL receiver's own status. A replica that Patroni lists but that has no row
    /// is read as `unavailable` for lag, so its lag event neither clears nor fires while it is away.
    private func replicationSamples(_ postgres: DatabaseFacts.Postgres, patroni: DatabaseFacts.Patroni?) -> [EventSample] {
        if postgres.inRecovery {
            let me = patroni?.name ?? ""
            let status = postgres.walReceiverStatus
            let evidence = status.map { "pg_stat_wal_receiver.status = \($0)" } ?? "no row in pg_stat_wal_receiver"
            return [EventSample("wal_receiver_not_streaming", subject: me, .condition(bad: status != "streaming", evidence: evidence))]
        }
        var samples: [EventSample] = []
        let rows = Dictionary(postgres.replicas.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for replica in postgres.replicas {
            let lag = replica.behindBytes > 0 ? replica.silenceSeconds : 0
            samples.append(EventSample("replication_lag", subject: replica.name, .measure(lag, evidence:
                "\(replica.name): \(Self.bytes(replica.behindBytes)) behind, last reply \(Self.format(replica.silenceSeconds)) s ago")))
        }
        var expected = Set(patroni?.clusterReplicas ?? [])
        expected.formUnion(postgres.replicas.map(\.name))
        for name in expected.sorted() {
            let row = rows[name]
            if row == nil {
                samples.append(EventSample("replication_lag", subject: name, .unavailable("no walsender for \(name)")))
            }
            let streaming = row?.state == "streaming"
            let evidence = row.map { "\(name): walsender state \($0.state)" } ?? "\(name): no walsender in pg_stat_replication on the leader"
            samples.append(EventSample("wal_receiver_not_streaming", subject: name, .condition(bad: !streaming, evidence: evidence)))
        }
        return samples
    }

    private func patroniSamples(_ result: Result<DatabaseFacts.Patroni, SourceFailure>) -> [EventSample] {
        switch result {
        case let .failure(failure):
            return [EventSample("patroni_abnormal", .condition(bad: true, evidence: "Patroni's REST API: \(failure.description)")),
                    EventSample("ha_switchover", .identity(nil, evidence: failure.description))]
        case let .success(patroni):
            let leader = patroni.clusterLeader
            return [
                EventSample("patroni_abnormal", .condition(bad: patroni.state != "running", evidence:
                    "\(patroni.name): state \(patroni.state), role \(patroni.role)")),
                EventSample("ha_switchover", .identity(leader, evidence: "leader is \(leader ?? "none") (Patroni's /cluster)")),
            ]
        }
    }

    private static func describe(_ endpoints: [DatabaseFacts.Endpoint]) -> String {
        endpoints.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.1f" : "%.0f", value) }

    static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = value, unit = 0
        while amount >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) B" : String(format: "%.1f", amount) + " " + units[unit]
    }
}
