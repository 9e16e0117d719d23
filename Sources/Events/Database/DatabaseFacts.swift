/// What one sampling round read from a database node's PostgreSQL, Patroni, etcd and HAProxy. Every
/// part is optional: a source that was not configured is nil, one that failed says why, so the
/// evaluator can tell "not watched" from "down".
public struct DatabaseFacts: Sendable, Hashable {
    /// PostgreSQL as the agent's monitoring connection saw it.
    public struct Postgres: Sendable, Hashable {
        /// The round trip of `SELECT 1`, in milliseconds.
        public var pingMilliseconds: Double
        public var inRecovery: Bool
        /// Client backends in `pg_stat_activity` (walsenders and background workers do not count).
        public var clientBackends: Int
        public var maxConnections: Int
        public var reservedConnections: Int
        /// Sums over `pg_stat_database`.
        public var deadlocks: Double
        public var blocksHit: Double
        public var blocksRead: Double
        /// The sum of `pg_database_size` over every database.
        public var databaseBytes: Double
        /// On a leader: one row per walsender in `pg_stat_replication`.
        public var replicas: [Replica]
        /// On a replica: the row of `pg_stat_wal_receiver`, nil when there is none.
        public var walReceiverStatus: String?

        public init(pingMilliseconds: Double, inRecovery: Bool, clientBackends: Int, maxConnections: Int,
                    reservedConnections: Int, deadlocks: Double, blocksHit: Double, blocksRead: Double,
                    databaseBytes: Double, replicas: [Replica] = [], walReceiverStatus: String? = nil) {
            self.pingMilliseconds = pingMilliseconds
            self.inRecovery = inRecovery
            self.clientBackends = clientBackends
            self.maxConnections = maxConnections
            self.reservedConnections = reservedConnections
            self.deadlocks = deadlocks
            self.blocksHit = blocksHit
            self.blocksRead = blocksRead
            self.databaseBytes = databaseBytes
            self.replicas = replicas
            self.walReceiverStatus = walReceiverStatus
        }
    }

    /// One walsender on the leader.
    public struct Replica: Sendable, Hashable {
        /// `application_name`: Patroni sets it to the member's name.
        public var name: String
        public var state: String
        /// `pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)`.
        public var behindBytes: Double
        /// `now() - reply_time`, in seconds: how long since the replica confirmed anything.
        public var silenceSeconds: Double

        public init(name: String, state: String, behindBytes: Double, silenceSeconds: Double) {
            self.name = name
            self.state = state
            self.behindBytes = behindBytes
            self.silenceSeconds = silenceSeconds
        }
    }

    /// The local Patroni's own view.
    public struct Patroni: Sendable, Hashable {
        /// This member's name, `state` (running, starting, stopping, unknown…) and role from `GET /patroni`.
        public var name: String
        public var state: String
        public var role: String
        /// The leader named by `GET /cluster`, and the members it lists as replicas.
        public var clusterLeader: String?
        public var clusterReplicas: [String]

        public init(name: String, state: String, role: String, clusterLeader: String?, clusterReplicas: [String]) {
            self.name = name
            self.state = state
            self.role = role
            self.clusterLeader = clusterLeader
            self.clusterReplicas = clusterReplicas
        }
    }

    /// One probed endpoint: whether it answered as healthy, and what it said.
    public struct Endpoint: Sendable, Hashable {
        public var name: String
        public var healthy: Bool
        public var detail: String

        public init(name: String, healthy: Bool, detail: String) {
            self.name = name
            self.healthy = healthy
            self.detail = detail
        }
    }

    /// nil: not configured. `.failure`: why the monitoring connection or its queries failed.
    public var postgres: Result<Postgres, SourceFailure>?
    public var patroni: Result<Patroni, SourceFailure>?
    /// Each Patroni member's answer to `GET /leader`: healthy means 200.
    public var leaderAnswers: [Endpoint]?
    /// Each etcd member's `GET /health`.
    public var etcd: [Endpoint]?
    /// HAProxy's frontend: a TCP connect, with the stats socket's backend states in the detail.
    public var haproxy: Endpoint?

    public init(postgres: Result<Postgres, SourceFailure>? = nil, patroni: Result<Patroni, SourceFailure>? = nil,
                leaderAnswers: [Endpoint]? = nil, etcd: [Endpoint]? = nil, haproxy: Endpoint? = nil) {
        self.postgres = postgres
        self.patroni = patroni
        self.leaderAnswers = leaderAnswers
        self.etcd = etcd
        self.haproxy = haproxy
    }
}

/// Why a source gave no facts, as text for the evidence.
public struct SourceFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
