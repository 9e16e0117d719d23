/// A node's first config file, written from a few answers (`nodeagent config init`).
///
/// The result is a short, commented TOML file rather than `NodeConfig.renderTOML()`'s full dump of
/// defaults: an operator should see the handful of settings that make this node different, with a word
/// on each, and find every other key in the example file. `render()` is pure; the caller validates the
/// text with `NodeConfig.parse` before writing it, so a bad answer is refused with the key it concerns.
public struct ConfigTemplate: Sendable, Equatable {
    /// One VIP group this node is a member of, with a single HTTP health check.
    public struct VIPGroup: Sendable, Equatable {
        public var name: String
        /// The VIP with its prefix length, e.g. `10.0.0.100/24`.
        public var vip: String
        public var interface: String
        /// Member names and their VRRP priorities.
        public var members: [String: Int]
        /// An HTTP URL that must answer 200 for this node to be eligible; nil for no check.
        public var checkURL: String?

        public init(name: String, vip: String, interface: String, members: [String: Int], checkURL: String? = nil) {
            self.name = name
            self.vip = vip
            self.interface = interface
            self.members = members
            self.checkURL = checkURL
        }

        /// The keepalived `vrrp_instance` name: the group's name in capitals, as in the example file.
        public var instance: String { name.uppercased() }
    }

    public var name: String
    public var role: String
    public var voter: Bool
    public var listen: String
    /// What peers dial; nil when `listen` is not a wildcard and serves as is.
    public var advertise: String?
    public var seeds: [String]
    /// The fleet's voters by name: the same list on every node.
    public var voters: [String]
    /// Where `ca.pem`, `NAME.pem` and `NAME.key` are (what `nodeagent certs` writes).
    public var tlsDirectory: String
    /// The read-only HTTP API and dashboard on loopback; nil to leave it off.
    public var httpLoopback: String?
    public var vipGroup: VIPGroup?

    public static let defaultListen = "0.0.0.0:7946"
    public static let defaultTLSDirectory = "/etc/nodeagent/tls"
    public static let defaultHTTPLoopback = "127.0.0.1:7948"

    public init(name: String, role: String, voter: Bool = true, listen: String = ConfigTemplate.defaultListen,
                advertise: String? = nil, seeds: [String] = [], voters: [String] = [], tlsDirectory: String = ConfigTemplate.defaultTLSDirectory,
                httpLoopback: String? = ConfigTemplate.defaultHTTPLoopback, vipGroup: VIPGroup? = nil) {
        self.name = name
        self.role = role
        self.voter = voter
        self.listen = listen
        self.advertise = advertise
        self.seeds = seeds
        self.voters = voters
        self.tlsDirectory = tlsDirectory
        self.httpLoopback = httpLoopback
        self.vipGroup = vipGroup
    }

    /// The file's text. Strings are escaped, so any answer yields TOML that parses; whether the values
    /// are valid is `NodeConfig.parse`'s to say.
    public func render() -> String {
        var text = """
        # nodeagent: this node's configuration, written by `nodeagent config init`.
        # Check it with `nodeagent config check FILE`; every key is described in nodeagent.example.toml
        # (/usr/share/doc/nodeagent/ in the Debian package, dist/ in the source).

        [node]
        # Must equal the name in this node's certificate: peers check it on every connection.
        name = \(TOMLWriter.quoted(name))
        # Operations target nodes by role (app, int, db).
        role = \(TOMLWriter.quoted(role))
        # Whether this node votes for the coordinator. Keep an odd number of voters in the fleet.
        voter = \(voter)

        [network]
        listen = \(TOMLWriter.quoted(listen))

        """
        if let advertise {
            text += "# The address the other nodes dial to reach this one.\n"
            text += "advertise = \(TOMLWriter.quoted(advertise))\n"
        }
        text += "# Contacted at start and again later, so a healed partition merges. The same list fits every node.\n"
        text += "seeds = \(TOMLWriter.array(seeds))\n"
        if let httpLoopback {
            text += "# The read-only HTTP API, /metrics and the dashboard, for a person at the node or behind\n"
            text += "# an SSH tunnel (`ssh -L 7948:127.0.0.1:7948 NODE`, then http://127.0.0.1:7948/).\n"
            text += "http_loopback = \(TOMLWriter.quoted(httpLoopback))\n"
        }
        text += "\n[tls]\n"
        text += "ca = \(TOMLWriter.quoted(tlsDirectory + "/ca.pem"))\n"
        text += "cert = \(TOMLWriter.quoted(tlsDirectory + "/" + name + ".pem"))\n"
        text += "key = \(TOMLWriter.quoted(tlsDirectory + "/" + name + ".key"))\n"
        text += "\n[quorum]\n"
        text += "# The fleet's voters: the same list on every node, an odd number. Without them no coordinator\n"
        text += "# is elected; nodes not listed follow as learners.\n"
        text += "voters = \(TOMLWriter.array(voters))\n"
        if let vipGroup { text += Self.render(vipGroup) }
        return text
    }

    private static func render(_ group: VIPGroup) -> String {
        var text = ""
        let checkName = group.name + "_service"
        if let url = group.checkURL {
            text += "\n# The service this node must serve to be eligible for the group's VIP.\n"
            text += "[checks.\(KeyPath.quoteIfNeeded(checkName))]\n"
            text += "type = \"http\"\nurl = \(TOMLWriter.quoted(url))\nexpect_status = 200\n"
        }
        let members = group.members.keys.sorted().map { "\(KeyPath.quoteIfNeeded($0)) = \(group.members[$0] ?? 0)" }
        text += "\n# The keepalived instance whose VIP the agents arbitrate; its vrrp_instance must track the\n"
        text += "# agent's file (`nodeagent keepalived snippet GROUP` prints the blocks).\n"
        text += "[vip_groups.\(KeyPath.quoteIfNeeded(group.name))]\n"
        text += "instance = \(TOMLWriter.quoted(group.instance))\n"
        text += "vip = \(TOMLWriter.quoted(group.vip))\n"
        text += "interface = \(TOMLWriter.quoted(group.interface))\n"
        text += "members = { \(members.joined(separator: ", ")) }\n"
        text += "checks = \(TOMLWriter.array(group.checkURL == nil ? [] : [checkName]))\n"
        return text
    }
}
