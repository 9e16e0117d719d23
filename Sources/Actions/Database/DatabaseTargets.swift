/// Where a database node's services answer (`[database]` in the node's config). Any part left nil is
/// not watched: a node may run PostgreSQL without HAProxy, or etcd on other machines.
public struct DatabaseTargets: Sendable, Equatable {
    /// The monitoring connection: a role with `pg_monitor` is enough.
    public struct Postgres: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String

        public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String = "postgres") {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
        }
    }

    public var postgres: Postgres?
    /// This node's Patroni REST API, e.g. `http://127.0.0.1:8008`.
    public var patroniURL: String?
    /// Every member's Patroni REST API, asked `GET /leader` to tell whether the cluster has a leader.
    public var patroniMembers: [String]
    /// Every etcd member's client URL, asked `GET /health`.
    public var etcdEndpoints: [String]
    /// HAProxy's frontend (host and port) that clients connect to.
    public var haproxyHost: String?
    public var haproxyPort: Int?
    /// HAProxy's stats socket, for the backends' states in the evidence.
    public var haproxyStatsSocket: String?
    /// Every source's answer must arrive within this.
    public var timeout: Duration

    public init(postgres: Postgres? = nil, patroniURL: String? = nil, patroniMembers: [String] = [], etcdEndpoints: [String] = [],
                haproxyHost: String? = nil, haproxyPort: Int? = nil, haproxyStatsSocket: String? = nil,
                timeout: Duration = .milliseconds(800)) {
        self.postgres = postgres
        self.patroniURL = patroniURL
        self.patroniMembers = patroniMembers
        self.etcdEndpoints = etcdEndpoints
        self.haproxyHost = haproxyHost
        self.haproxyPort = haproxyPort
        self.haproxyStatsSocket = haproxyStatsSocket
        self.timeout = timeout
    }
}
