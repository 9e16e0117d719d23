import TOMLKit

/// The whole configuration of one node, read from one TOML file.
///
/// Everything is validated and typed here, once, so the rest of the agent never re-checks a string:
/// addresses are `HostPort`s, paths are absolute, defaults are filled in. Any problem refuses the
/// whole file with a `ConfigError` that names the key.
public struct NodeConfig: Sendable, Equatable {
    public var node: NodeIdentity
    public var network: NetworkConfig
    public var tls: TLSConfig
    public var storage: StorageConfig
    public var transport: TransportConfig
    public var gossip: GossipTuning
    public var quorum: QuorumTuning
    /// Health checks by name.
    public var checks: [String: CheckConfig]
    /// VIP groups by name.
    public var vipGroups: [String: VIPGroupConfig]
    public var keepalived: KeepalivedConfig
    /// The database services watched for events; empty on nodes that run none.
    public var database: DatabaseConfig

    public init(node: NodeIdentity, network: NetworkConfig, tls: TLSConfig, storage: StorageConfig = .init(),
                transport: TransportConfig = .init(), gossip: GossipTuning = .init(),
                quorum: QuorumTuning = .init(), checks: [String: CheckConfig] = [:],
                vipGroups: [String: VIPGroupConfig] = [:], keepalived: KeepalivedConfig = .init(),
                database: DatabaseConfig = .init()) {
        self.node = node
        self.network = network
        self.tls = tls
        self.storage = storage
        self.transport = transport
        self.gossip = gossip
        self.quorum = quorum
        self.checks = checks
        self.vipGroups = vipGroups
        self.keepalived = keepalived
        self.database = database
    }

    static let sections = ["node", "network", "tls", "storage", "transport", "gossip", "quorum", "checks",
                           "vip_groups", "keepalived", "database"]

    /// Reads and validates the file at `path`; relative paths inside it are resolved against its directory.
    public static func load(path: String) throws(ConfigError) -> NodeConfig {
        let text = try ConfigFile.read(path: path)
        return try parse(text, baseDirectory: ConfigPath.directory(of: ConfigFile.absolute(path)))
    }

    /// Parses and validates TOML text; relative paths are resolved against `baseDirectory`.
    public static func parse(_ text: String, baseDirectory: String) throws(ConfigError) -> NodeConfig {
        let root = TableReader(table: try parseTOML(text), path: "")
        // The Debian package ships a file of comments only; say what to do rather than "node.name: missing".
        guard !root.keys.isEmpty else { throw .invalid(key: "node", message: emptyFileMessage) }
        try root.rejectUnknownKeys(known: sections)
        func section(_ name: String) throws(ConfigError) -> TableReader {
            try root.table(name) ?? TableReader(table: TOMLTable(), path: name)
        }
        // Sections are validated in the order of the file format, so the first error reported is
        // the first one an operator reading the file top-down would meet.
        let node = try NodeIdentity.read(try section("node"))
        let network = try NetworkConfig.read(try section("network"), base: baseDirectory)
        let tls = try TLSConfig.read(try section("tls"), base: baseDirectory)
        let storage = try StorageConfig.read(try section("storage"), base: baseDirectory)
        let transport = try TransportConfig.read(try section("transport"))
        let gossip = try GossipTuning.read(try section("gossip"))
        let quorum = try QuorumTuning.read(try section("quorum"))
        try checkVoterFlag(node, quorum)
        let checks = try readNamedTables(try section("checks")) { (name, reader) throws(ConfigError) in
            try CheckConfig.read(name: name, reader)
        }
        let knownChecks = Set(checks.keys)
        let groups = try readNamedTables(try section("vip_groups")) { (name, reader) throws(ConfigError) in
            try VIPGroupConfig.read(name: name, reader, knownChecks: knownChecks)
        }
        try checkGroupsDistinct(groups)
        return NodeConfig(
            node: node, network: network, tls: tls, storage: storage, transport: transport, gossip: gossip,
            quorum: quorum, checks: checks, vipGroups: groups,
            keepalived: try KeepalivedConfig.read(try section("keepalived"), base: baseDirectory),
            database: try DatabaseConfig.read(try section("database"), base: baseDirectory))
    }

    static let emptyFileMessage = "the file holds no settings yet: write them with `nodeagent config init` "
        + "(every key is described in nodeagent.example.toml)"

    /// `node.voter` and `quorum.voters` must tell the same story, or this node would vote while the
    /// others do not count it (or the reverse), and quorum sizes would disagree across the fleet.
    private static func checkVoterFlag(_ node: NodeIdentity, _ quorum: QuorumTuning) throws(ConfigError) {
        guard !quorum.voters.isEmpty else { return }
        let listed = quorum.voters.contains(node.name)
        if node.voter && !listed {
            throw .invalid(key: "quorum.voters", message: "does not list this node (\(node.name)) although node.voter = true; "
                + "list it, or set node.voter = false for a non-voting member")
        }
        if !node.voter && listed {
            throw .invalid(key: "quorum.voters", message: "lists this node (\(node.name)) although node.voter = false")
        }
    }

    /// TOML text that parses back to a value equal to `self` (with any base directory, since every
    /// path is already absolute). Sections come in schema order and names sorted, so the output is
    /// stable and diffs well.
    public func renderTOML() -> String {
        var writer = TOMLWriter()
        node.render(into: &writer)
        network.render(into: &writer)
        tls.render(into: &writer)
        storage.render(into: &writer)
        transport.render(into: &writer)
        gossip.render(into: &writer)
        quorum.render(into: &writer)
        for name in checks.keys.sorted() { checks[name]?.render(into: &writer) }
        for name in vipGroups.keys.sorted() { vipGroups[name]?.render(into: &writer) }
        keepalived.render(into: &writer)
        database.render(into: &writer)
        return writer.text
    }

    static func parseTOML(_ text: String) throws(ConfigError) -> TOMLTable {
        try TOMLPreflight.check(text)
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(line: error.source.begin.line, column: error.source.begin.column,
                          message: error.description)
        } catch {
            throw .syntax(line: 0, column: 0, message: "\(error)")
        }
    }

    /// Reads every sub-table of a `[checks]`/`[vip_groups]` table, keyed by its name.
    private static func readNamedTables<T>(
        _ parent: TableReader, _ read: (String, TableReader) throws(ConfigError) -> T
    ) throws(ConfigError) -> [String: T] {
        var result: [String: T] = [:]
        for name in parent.keys {
            guard let table = try parent.table(name) else { continue }
            result[name] = try read(name, table)
        }
        return result
    }

    /// Two groups driving the same keepalived instance or the same VIP would fight each other.
    private static func checkGroupsDistinct(_ groups: [String: VIPGroupConfig]) throws(ConfigError) {
        var instances: [String: String] = [:]
        var vips: [IPAddress: String] = [:]
        for name in groups.keys.sorted() {
            guard let group = groups[name] else { continue }
            let key = KeyPath.join(KeyPath.join("vip_groups", name), "instance")
            if let other = instances[group.instance] {
                throw .invalid(key: key, message: "\(Quote.value(group.instance)) is also the instance of "
                    + "vip_groups.\(other); each group needs its own keepalived instance")
            }
            if let other = vips[group.vip.address] {
                throw .invalid(key: KeyPath.join(KeyPath.join("vip_groups", name), "vip"),
                               message: "\(group.vip.address) is also the VIP of vip_groups.\(other)")
            }
            instances[group.instance] = name
            vips[group.vip.address] = name
        }
    }
}
