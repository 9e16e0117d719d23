/// `[vip_groups.NAME]`: a keepalived VRRP instance whose ownership the agents arbitrate.
public struct VIPGroupConfig: Sendable, Equatable {
    public var name: String
    /// The keepalived `vrrp_instance` name, as it appears on the notify FIFO.
    public var instance: String
    /// The virtual address with its prefix length.
    public var vip: CIDR
    public var interface: String
    /// Member node name → VRRP priority (1...254); the last arbitration tie-breaker.
    public var members: [String: Int]
    /// Names of `[checks.X]` tables whose health decides eligibility.
    public var checks: [String]
    /// Explicit per-member modes; members not listed are `.auto`.
    public var modes: [String: MemberMode]
    /// Commands run when this node becomes the owner (services that must run only on the owner).
    public var activeOnlyStart: [[String]]
    /// Commands run when this node stops being the owner.
    public var activeOnlyStop: [[String]]
    /// What members do while no coordinator answers; `stop` unless set.
    public var noQuorumPolicy: QuorumLossPolicy

    public init(name: String, instance: String, vip: CIDR, interface: String, members: [String: Int],
                checks: [String] = [], modes: [String: MemberMode] = [:], activeOnlyStart: [[String]] = [],
                activeOnlyStop: [[String]] = [], noQuorumPolicy: QuorumLossPolicy = .stop) {
        self.name = name
        self.instance = instance
        self.vip = vip
        self.interface = interface
        self.members = members
        self.checks = checks
        self.modes = modes
        self.activeOnlyStart = activeOnlyStart
        self.activeOnlyStop = activeOnlyStop
        self.noQuorumPolicy = noQuorumPolicy
    }

    /// The mode of a member, `.auto` unless set otherwise.
    public func mode(of member: String) -> MemberMode { modes[member] ?? .auto }

    static let keys = ["instance", "vip", "interface", "members", "checks", "mode", "active_only_start",
                       "active_only_stop", "no_quorum_policy"]

    static func read(name: String, _ reader: TableReader, knownChecks: Set<String>) throws(ConfigError)
        -> VIPGroupConfig {
        guard NameRules.isSimpleName(name) else {
            throw .invalid(key: reader.path, message: "\(Quote.value(name)) is not a VIP group name; "
                + "use 1 to 64 of A-Z, a-z, 0-9, '_', '-'")
        }
        try reader.rejectUnknownKeys(known: keys)
        let members = try readMembers(reader)
        return VIPGroupConfig(
            name: name,
            instance: try readInstance(reader),
            vip: try readVIP(reader),
            interface: try readInterface(reader),
            members: members,
            checks: try readChecks(reader, known: knownChecks),
            modes: try readModes(reader, members: members),
            activeOnlyStart: try readCommands(reader, "active_only_start"),
            activeOnlyStop: try readCommands(reader, "active_only_stop"),
            noQuorumPolicy: try readPolicy(reader))
    }

    private static func readPolicy(_ reader: TableReader) throws(ConfigError) -> QuorumLossPolicy {
        guard let text = try reader.string("no_quorum_policy") else { return .stop }
        guard let policy = QuorumLossPolicy(rawValue: text) else {
            throw .invalid(key: reader.key("no_quorum_policy"), message: "\(Quote.value(text)) is not a policy; "
                + "expected \"stop\" (let go without a quorum) or \"freeze\" (keep the current owner)")
        }
        return policy
    }

    private static func readInstance(_ reader: TableReader) throws(ConfigError) -> String {
        let instance = try reader.requiredString("instance")
        guard NameRules.isInstanceName(instance) else {
            throw .invalid(key: reader.key("instance"), message: "\(Quote.value(instance)) is not a keepalived "
                + "instance name; use 1 to 64 of A-Z, a-z, 0-9, '_', '-', '.'")
        }
        return instance
    }

    private static func readVIP(_ reader: TableReader) throws(ConfigError) -> CIDR {
        let text = try reader.requiredString("vip")
        guard let vip = CIDR.parse(text) else {
            throw .invalid(key: reader.key("vip"), message: "\(Quote.value(text)) is not an address with a prefix "
                + "length, e.g. \"198.18.0.100/24\" or \"fd00::100/64\"")
        }
        guard !vip.address.isUnspecified else {
            throw .invalid(key: reader.key("vip"), message: "\(Quote.value(text)) is the unspecified address")
        }
        return vip
    }

    private static func readInterface(_ reader: TableReader) throws(ConfigError) -> String {
        let interface = try reader.requiredString("interface")
        guard NameRules.isInterfaceName(interface) else {
            throw .invalid(key: reader.key("interface"), message: "\(Quote.value(interface)) is not a network "
                + "interface name (1 to 15 of A-Z, a-z, 0-9, '_', '-', '.')")
        }
        return interface
    }

    private static func readMembers(_ reader: TableReader) throws(ConfigError) -> [String: Int] {
        guard let table = try reader.table("members") else { throw .missing(key: reader.key("members")) }
        guard !table.keys.isEmpty else {
            throw .invalid(key: table.path, message: "needs at least one member, e.g. { app1 = 150, app2 = 100 }")
        }
        var members: [String: Int] = [:]
        for member in table.keys {
            guard NameRules.isNodeName(member) else {
                throw .invalid(key: table.key(member), message: "\(Quote.value(member)) is not a node name "
                    + "(a lowercase DNS label)")
            }
            members[member] = try table.int(member, in: 1...254)
        }
        return members
    }

    private static func readChecks(_ reader: TableReader, known: Set<String>) throws(ConfigError) -> [String] {
        let checks = try reader.stringArray("checks") ?? []
        for (index, check) in checks.enumerated() {
            let key = reader.key("checks") + "[\(index)]"
            guard known.contains(check) else {
                let hint = KeySuggester.suggest(check, among: known.sorted()).map { " — did you mean \"\($0)\"?" }
                throw .invalid(key: key, message: "\(Quote.value(check)) names no [checks.\(check)] table"
                    + (hint ?? ""))
            }
            if checks[..<index].contains(check) {
                throw .invalid(key: key, message: "\(Quote.value(check)) is listed twice")
            }
        }
        return checks
    }

    private static func readModes(_ reader: TableReader, members: [String: Int]) throws(ConfigError)
        -> [String: MemberMode] {
        guard let table = try reader.table("mode") else { return [:] }
        var modes: [String: MemberMode] = [:]
        for member in table.keys {
            guard members[member] != nil else {
                throw .invalid(key: table.key(member), message: "\(Quote.value(member)) is not a member of this "
                    + "group (members: \(members.keys.sorted().joined(separator: ", ")))")
            }
            let text = try table.requiredString(member)
            guard let mode = MemberMode(rawValue: text) else {
                throw .invalid(key: table.key(member), message: "\(Quote.value(text)) is not a mode; "
                    + "expected \"auto\" or \"passive\"")
            }
            modes[member] = mode
        }
        return modes
    }

    private static func readCommands(_ reader: TableReader, _ name: String) throws(ConfigError) -> [[String]] {
        let lists = try reader.stringArrays(name) ?? []
        for (index, argv) in lists.enumerated() {
            try CheckProbe.checkArgv(argv, key: reader.key(name) + "[\(index)]")
        }
        return lists
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["vip_groups", name])
        writer.string("instance", instance)
        writer.string("vip", vip.description)
        writer.string("interface", interface)
        writer.inlineTable("members", members.mapValues(String.init))
        writer.strings("checks", checks)
        if !modes.isEmpty {
            writer.inlineTable("mode", modes.mapValues { TOMLWriter.quoted($0.rawValue) })
        }
        writer.argvLists("active_only_start", activeOnlyStart)
        writer.argvLists("active_only_stop", activeOnlyStop)
        if noQuorumPolicy != .stop { writer.string("no_quorum_policy", noQuorumPolicy.rawValue) }
    }
}
