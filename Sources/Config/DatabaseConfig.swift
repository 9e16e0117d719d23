/// `[database]`: where a database node's PostgreSQL, Patroni, etcd and HAProxy answer, for the
/// database events. Absent or empty on app and int nodes: nothing is sampled there.
public struct DatabaseConfig: Sendable, Equatable {
    /// PostgreSQL's address for the monitoring connection (a role with `pg_monitor` is enough).
    public var postgres: HostPort?
    public var postgresUser: String
    /// A file holding the monitoring role's password (mode 0600): kept out of the config, which is
    /// world-readable on many fleets.
    public var postgresPasswordFile: String?
    public var postgresDatabase: String
    /// This node's Patroni REST API.
    public var patroniURL: String?
    /// Every member's Patroni REST API (this node's included), asked whether it is the leader.
    public var patroniMembers: [String]
    /// Every etcd member's client URL.
    public var etcdEndpoints: [String]
    /// HAProxy's frontend address, and its stats socket.
    public var haproxy: HostPort?
    public var haproxyStatsSocket: String?
    /// One sampling round every this many milliseconds; each source must answer within `timeoutMs`.
    public var sampleIntervalMs: Int
    public var timeoutMs: Int

    public init(postgres: HostPort? = nil, postgresUser: String = "nodeagent", postgresPasswordFile: String? = nil,
                postgresDatabase: String = "postgres", patroniURL: String? = nil, patroniMembers: [String] = [],
                etcdEndpoints: [String] = [], haproxy: HostPort? = nil, haproxyStatsSocket: String? = nil,
                sampleIntervalMs: Int = 1000, timeoutMs: Int = 800) {
        self.postgres = postgres
        self.postgresUser = postgresUser
        self.postgresPasswordFile = postgresPasswordFile
        self.postgresDatabase = postgresDatabase
        self.patroniURL = patroniURL
        self.patroniMembers = patroniMembers
        self.etcdEndpoints = etcdEndpoints
        self.haproxy = haproxy
        self.haproxyStatsSocket = haproxyStatsSocket
        self.sampleIntervalMs = sampleIntervalMs
        self.timeoutMs = timeoutMs
    }

    /// Whether anything is to be watched.
    public var isEmpty: Bool {
        postgres == nil && patroniURL == nil && patroniMembers.isEmpty && etcdEndpoints.isEmpty && haproxy == nil
    }

    static let keys = ["postgres", "postgres_user", "postgres_password_file", "postgres_database", "patroni_url",
                       "patroni_members", "etcd_endpoints", "haproxy", "haproxy_stats_socket", "sample_interval_ms", "timeout_ms"]

    static func read(_ reader: TableReader, base: String) throws(ConfigError) -> DatabaseConfig {
        try reader.rejectUnknownKeys(known: keys)
        var config = DatabaseConfig(
            postgres: try NetworkConfig.hostPort(reader, "postgres"),
            postgresUser: try reader.nonEmptyString("postgres_user") ?? "nodeagent",
            postgresPasswordFile: try ConfigPath.read(reader, "postgres_password_file", base: base),
            postgresDatabase: try reader.nonEmptyString("postgres_database") ?? "postgres",
            patroniURL: try reader.nonEmptyString("patroni_url"),
            patroniMembers: try reader.stringArray("patroni_members") ?? [],
            etcdEndpoints: try reader.stringArray("etcd_endpoints") ?? [],
            haproxy: try NetworkConfig.hostPort(reader, "haproxy"),
            haproxyStatsSocket: try ConfigPath.read(reader, "haproxy_stats_socket", base: base),
            sampleIntervalMs: try reader.int("sample_interval_ms", in: 200...60_000) ?? 1000,
            timeoutMs: try reader.int("timeout_ms", in: 50...30_000) ?? 800)
        if let url = config.patroniURL { try checkURL(url, key: reader.key("patroni_url")) }
        for url in config.patroniMembers { try checkURL(url, key: reader.key("patroni_members")) }
        for url in config.etcdEndpoints { try checkURL(url, key: reader.key("etcd_endpoints")) }
        if config.timeoutMs >= config.sampleIntervalMs {
            throw .invalid(key: reader.key("timeout_ms"), message: "\(config.timeoutMs) must be below sample_interval_ms "
                + "(\(config.sampleIntervalMs)), or one slow source would delay every round")
        }
        if config.patroniURL != nil, config.patroniMembers.isEmpty, let url = config.patroniURL {
            config.patroniMembers = [url]
        }
        return config
    }

    private static func checkURL(_ url: String, key: String) throws(ConfigError) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > "http://".count else {
            throw .invalid(key: key, message: "\(Quote.value(url)) is not an http:// or https:// URL, e.g. \"http://127.0.0.1:8008\"")
        }
    }

    func render(into writer: inout TOMLWriter) {
        guard !isEmpty else { return }
        writer.section(["database"])
        writer.string("postgres", postgres?.description)
        writer.string("postgres_user", postgresUser)
        writer.string("postgres_password_file", postgresPasswordFile)
        writer.string("postgres_database", postgresDatabase)
        writer.string("patroni_url", patroniURL)
        if !patroniMembers.isEmpty { writer.strings("patroni_members", patroniMembers) }
        if !etcdEndpoints.isEmpty { writer.strings("etcd_endpoints", etcdEndpoints) }
        writer.string("haproxy", haproxy?.description)
        writer.string("haproxy_stats_socket", haproxyStatsSocket)
        writer.int("sample_interval_ms", sampleIntervalMs)
        writer.int("timeout_ms", timeoutMs)
    }
}
