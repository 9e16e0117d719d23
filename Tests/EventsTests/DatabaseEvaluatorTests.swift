import Testing
@testable import Events

/// The database facts turned into readings, with the traps of the lab's facts: lag from the leader's
/// side (a frozen receiver still says "streaming"), a replica Patroni lists without a walsender, the
/// leader's name from Patroni, the cache ratio over one round only.
@Suite struct DatabaseEvaluatorTests {
    static func postgres(recovery: Bool = false, backends: Int = 10, replicas: [DatabaseFacts.Replica] = [],
                         receiver: String? = nil, hit: Double = 1000, read: Double = 0, deadlocks: Double = 0) -> DatabaseFacts.Postgres {
        DatabaseFacts.Postgres(pingMilliseconds: 1.5, inRecovery: recovery, clientBackends: backends, maxConnections: 100,
                               reservedConnections: 3, deadlocks: deadlocks, blocksHit: hit, blocksRead: read,
                               databaseBytes: 30_000_000, replicas: replicas, walReceiverStatus: receiver)
    }

    static func patroni(leader: String? = "db1", replicas: [String] = ["db2", "db3"], state: String = "running") -> DatabaseFacts.Patroni {
        DatabaseFacts.Patroni(name: "db1", state: state, role: "master", clusterLeader: leader, clusterReplicas: replicas)
    }

    static func reading(_ samples: [EventSample], _ policy: String, _ subject: String = "") -> EventReading? {
        samples.first { $0.policy == policy && $0.subject == subject }?.reading
    }

    @Test func theLeaderReadsLagAsSilenceWhileBehind() {
        var evaluator = DatabaseEvaluator()
        let facts = DatabaseFacts(postgres: .success(Self.postgres(replicas: [
            .init(name: "db2", state: "streaming", behindBytes: 4_000_000, silenceSeconds: 12),
            .init(name: "db3", state: "streaming", behindBytes: 0, silenceSeconds: 9),
        ])), patroni: .success(Self.patroni()))
        let samples = evaluator.samples(facts)
        guard case let .measure(lag, evidence) = Self.reading(samples, "replication_lag", "db2") else {
            Issue.record("no lag for db2")
            return
        }
        #expect(lag == 12)
        #expect(evidence.contains("3.8 MiB behind"))
        #expect(Self.reading(samples, "replication_lag", "db3") == .measure(0, evidence: "db3: 0 B behind, last reply 9.0 s ago"))
        guard case .condition(false, _) = Self.reading(samples, "wal_receiver_not_streaming", "db2") else {
            Issue.record("db2 should be streaming")
            return
        }
    }

    @Test func aReplicaPatroniListsWithoutAWalsenderIsNotStreamingAndItsLagWaits() {
        var evaluator = DatabaseEvaluator()
        let facts = DatabaseFacts(postgres: .success(Self.postgres(replicas: [
            .init(name: "db3", state: "streaming", behindBytes: 0, silenceSeconds: 0),
        ])), patroni: .success(Self.patroni()))
        let samples = evaluator.samples(facts)
        guard case let .condition(true, evidence) = Self.reading(samples, "wal_receiver_not_streaming", "db2") else {
            Issue.record("db2 without a walsender should not be streaming")
            return
        }
        #expect(evidence.contains("no walsender"))
        guard case .unavailable = Self.reading(samples, "replication_lag", "db2") else {
            Issue.record("db2's lag should wait, not clear")
            return
        }
    }

    @Test func aReplicaReadsItsOwnReceiver() {
        var evaluator = DatabaseEvaluator()
        var patroni = Self.patroni(leader: "db2")
        patroni.name = "db3"
        let stopped = evaluator.samples(DatabaseFacts(postgres: .success(Self.postgres(recovery: true, receiver: nil)), patroni: .success(patroni)))
        #expect(Self.reading(stopped, "wal_receiver_not_streaming", "db3") == .condition(bad: true, evidence: "no row in pg_stat_wal_receiver"))
        let streaming = evaluator.samples(DatabaseFacts(postgres: .success(Self.postgres(recovery: true, receiver: "streaming")), patroni: .success(patroni)))
        #expect(Self.reading(streaming, "wal_receiver_not_streaming", "db3") == .condition(bad: false, evidence: "pg_stat_wal_receiver.status = streaming"))
        #expect(Self.reading(streaming, "replication_lag", "db2") == nil)
    }

    @Test func connectionsCountAgainstTheUsableSlots() {
        var evaluator = DatabaseEvaluator()
        let samples = evaluator.samples(DatabaseFacts(postgres: .success(Self.postgres(backends: 80))))
        guard case let .measure(usage, _) = Self.reading(samples, "connections_high") else {
            Issue.record("no usage")
            return
        }
        #expect(abs(usage - 80.0 / 97.0 * 100) < 0.001)
    }

    @Test func theCacheRatioIsTakenOverOneRound() {
        var evaluator = DatabaseEvaluator()
        let first = evaluator.samples(DatabaseFacts(postgres: .success(Self.postgres(hit: 1_000_000, read: 10))))
        guard case .unavailable = Self.reading(first, "cache_hit_low") else {
            Issue.record("the first round has no ratio")
            return
        }
        let second = evaluator.samples(DatabaseFacts(postgres: .success(Self.postgres(hit: 1_000_290, read: 720))))
        guard case let .measure(ratio, _) = Self.reading(second, "cache_hit_low") else {
            Issue.record("no ratio")
            return
        }
        #expect(abs(ratio - 29) < 0.001)
    }

    @Test func aDeadPostgresIsUnavailableAndSilencesItsMeasures() {
        var evaluator = DatabaseEvaluator()
        let samples = evaluator.samples(DatabaseFacts(postgres: .failure(SourceFailure("connection refused"))))
        #expect(Self.reading(samples, "database_unavailable") == .condition(bad: true, evidence: "connection refused"))
        guard case .unavailable = Self.reading(samples, "connections_high") else {
            Issue.record("connections should be unavailable")
            return
        }
    }

    @Test func noMemberAnsweringLeaderMeansNoLeader() {
        var evaluator = DatabaseEvaluator()
        let answers: [DatabaseFacts.Endpoint] = [.init(name: "db1", healthy: false, detail: "HTTP 503"),
                                                 .init(name: "db2", healthy: false, detail: "connect failed")]
        let samples = evaluator.samples(DatabaseFacts(leaderAnswers: answers,
                                                      etcd: [.init(name: "e1", healthy: true, detail: ""), .init(name: "e2", healthy: false, detail: "down")]))
        guard case let .condition(true, evidence) = Self.reading(samples, "ha_no_leader") else {
            Issue.record("no leader should be bad")
            return
        }
        #expect(evidence.contains("db1: HTTP 503"))
        guard case let .condition(true, etcd) = Self.reading(samples, "etcd_unavailable") else {
            Issue.record("etcd with a member down should be bad")
            return
        }
        #expect(etcd.hasPrefix("1 of 2 etcd members healthy"))
    }

    @Test func theSwitchoverReadsPatronisLeader() {
        var evaluator = DatabaseEvaluator()
        let samples = evaluator.samples(DatabaseFacts(patroni: .success(Self.patroni(leader: "db2", state: "starting"))))
        guard case .identity("db2", _) = Self.reading(samples, "ha_switchover") else {
            Issue.record("leader identity")
            return
        }
        guard case .condition(true, _) = Self.reading(samples, "patroni_abnormal") else {
            Issue.record("starting is abnormal")
            return
        }
    }
}
