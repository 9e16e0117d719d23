#if os(Linux)
import Foundation

/// The database cluster of `DBCluster` with a real `nodeagent` beside it on every DB node, each
/// watching its own PostgreSQL (through the `nodeagent` monitoring role and its password file), its
/// Patroni, every Patroni member's `/leader`, all three etcd members and its HAProxy (`[database]`
/// in its config): the fleet the event drills run against.
///
/// The cluster's own VIP (group `db`, 198.18.0.102) sits in front of HAProxy on all three nodes, with
/// real keepalived steered by the agents, and a `patroni` check (role leader) as its health: the
/// agents arbitrate it like the app and int pairs, so it follows Patroni's leader.
final class DBEventLab {
    static let vipGroup = LabVIPGroup(name: "db", instance: "DB", vip: "198.18.0.102", virtualRouterID: 53,
                                      members: [.init(name: "db1", priority: 150), .init(name: "db2", priority: 120),
                                                .init(name: "db3", priority: 100)],
                                      checks: ["patroni_leader"])

    let cluster: DBCluster
    let binary: String
    private(set) var agents: [String: LabAgent] = [:]
    private(set) var keepalived: [String: KeepalivedInstance] = [:]
    /// Samples which namespaces hold the DB VIP, every 10 ms, from `start()`.
    private(set) var sampler: VIPSampler?
    private var config: AgentFleetConfig

    var lab: Lab { cluster.lab }

    init() throws {
        binary = try AgentBinary.require()
        let lab = try Lab(nodeNames: ["db1", "db2", "db3"])
        do {
            cluster = try DBCluster(lab: lab)
            config = AgentFleetConfig(nodes: lab.nodes, groups: [Self.vipGroup], tlsDirectory: lab.directory + "/tls",
                                      baseDirectory: lab.directory + "/agents")
            config.patroniChecks = ["patroni_leader": "leader"]
            for node in lab.nodes {
                config.vrrpPidFiles[node.name] = KeepalivedInstance.vrrpPidPath(labDirectory: lab.directory, node: node.name)
            }
            try writeCertificates()
            for node in lab.nodes { try writeConfig(node) }
        } catch {
            lab.stop()
            throw error
        }
    }

    /// Starts the cluster, keepalived (FAULT until its agent writes a track value), the VIP sampler,
    /// then the agents, and waits until the agents agree on a coordinator.
    func start() async throws {
        try await cluster.start()
        // The monitoring role is created on the leader as the cluster starts; the replicas have it only
        // once they replayed it. Agents started before would (rightly) report their database
        // unavailable: wait until the role logs in over TCP on every node, as the agents will.
        for node in lab.nodes {
            try await cluster.poll("the monitoring role to log in on \(node.name)", timeout: .seconds(30)) { () -> Bool? in
                let result = try? lab.run(in: node, ["env", "PGPASSWORD=" + cluster.monitorPassword, DBClusterConfig.postgresBin + "/psql",
                                                     "-X", "-A", "-t", "-h", node.address, "-U", cluster.monitorUser, "-d", "postgres",
                                                     "-c", "SELECT 1"], timeout: .seconds(5))
                return result?.succeeded == true ? true : nil
            }
        }
        let sampler = try VIPSampler(vip: Self.vipGroup.vip, nodes: lab.nodes)
        try sampler.start()
        self.sampler = sampler
        for node in lab.nodes { try startKeepalived(node) }
        for node in lab.nodes {
            let agent = LabAgent(lab: lab, node: node, files: config.files(for: node), binary: binary)
            agents[node.name] = agent
            try agent.start()
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let coordinators = Set(agents.values.compactMap { try? $0.coordinator() })
            if coordinators.count == 1, agents.values.allSatisfy({ ((try? $0.members()) ?? [:]).values.filter { $0 == "alive" }.count == 3 }) {
                return
            }
            guard ContinuousClock.now < deadline else { throw LabError.timedOut("the DB nodes' agents to agree on a coordinator") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    func stop() {
        _ = sampler?.stop()
        cluster.stop()
        lab.stop()
    }

    /// keepalived on `node` for the DB VIP, with the track file, notify FIFO and lease script the
    /// agent's `keepalived snippet` names.
    private func startKeepalived(_ node: LabNode) throws {
        let group = Self.vipGroup
        let files = config.files(for: node)
        let output = try Command.run([binary, "keepalived", "snippet", group.name, "--config", files.config]).check().output
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.firstIndex(where: { $0.hasPrefix("track_file ") && $0.hasSuffix("{") }),
              let last = lines[first...].firstIndex(of: "}") else {
            throw LabError.invalidRequest("no track_file block in `nodeagent keepalived snippet db`:\n\(output)")
        }
        let block = Array(lines[first...last])
        var settings = KeepalivedSettings(priority: group.priority(of: node.name) ?? 100)
        settings.instance = group.instance
        settings.virtualRouterID = group.virtualRouterID
        settings.vip = group.vip
        settings.trackFile = .init(name: "nodeagent_\(group.name)", path: files.trackFile(group.name), weight: 1,
                                   initialValue: AgentLab.initialValue(in: block))
        settings.notifyFIFO = files.notifyFIFO
        settings.leaseScript = .init(name: "nodeagent_\(group.name)_lease", path: files.leaseFile(group.name))
        let instance = try KeepalivedInstance(lab: lab, node: node, settings: settings)
        try AgentLab.requireBlock(block, in: instance.configPath)
        keepalived[node.name] = instance
        try instance.start()
    }

    func agent(_ name: String) throws -> LabAgent {
        guard let agent = agents[name] else { throw LabError.invalidRequest("no agent on \(name)") }
        return agent
    }

    /// `nodeagent ARGUMENTS` against `node`'s agent; throws with the output when it fails.
    @discardableResult
    func admin(_ node: String, _ arguments: [String]) throws -> CommandResult {
        try agent(node).admin(arguments).check()
    }

    /// The event records of `node` (`nodeagent events --json`).
    func records(_ node: String) throws -> [EventSighting] {
        let records = try agent(node).json(["events"])["records"] as? [[String: Any]] ?? []
        return records.compactMap { EventSighting(node: node, json: $0) }
    }

    /// The events that fired on `node` and have not cleared, as "policy(subject)".
    func active(_ node: String) throws -> [String] {
        var open: [String: Bool] = [:]
        for record in try records(node) {
            open["\(record.policy)(\(record.subject))"] = record.kind == "fired"
        }
        return open.filter(\.value).keys.sorted()
    }

    /// Waits until `policy` has a record of `kind` at or after `since` (seconds since 1970) on one of
    /// `nodes` (and for `subject`, when given); returns the first seen.
    func waitFor(_ policy: String, _ kind: String, on nodes: [String], subject: String? = nil, since: Double,
                 timeout: Duration) async throws -> EventSighting {
        let deadline = ContinuousClock.now + timeout
        while true {
            for node in nodes {
                let found = (try? records(node))?.first {
                    $0.policy == policy && $0.kind == kind && $0.time >= since && (subject == nil || $0.subject == subject)
                }
                if let found { return found }
            }
            guard ContinuousClock.now < deadline else {
                let seen = nodes.map { node in "\(node): " + ((try? records(node)) ?? []).suffix(6).map(\.description).joined(separator: "; ") }
                throw LabError.timedOut("\(policy) \(kind) on \(nodes) within \(timeout) (recent: \(seen.joined(separator: " | ")))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func writeCertificates() throws {
        try FileManager.default.createDirectory(atPath: config.tlsDirectory, withIntermediateDirectories: true)
        try Command.run([binary, "certs", "init", "--dir", config.tlsDirectory, "--name", "db lab CA \(lab.tag)"], timeout: .seconds(20)).check()
        for node in lab.nodes {
            try Command.run([binary, "certs", "issue", node.name, "--role", "db", "--dir", config.tlsDirectory], timeout: .seconds(20)).check()
        }
    }

    private func writeConfig(_ node: LabNode) throws {
        let files = config.files(for: node)
        for directory in [files.directory, files.trackDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let passwordFile = files.directory + "/postgres.password"
        guard FileManager.default.createFile(atPath: passwordFile, contents: Data((cluster.monitorPassword + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw LabError.invalidRequest("cannot write \(passwordFile)")
        }
        let quoted = { (values: [String]) in values.map { "\"\($0)\"" }.joined(separator: ", ") }
        let haproxy = try cluster.haproxyWriteAddress(node.name)
        let text = try config.render(for: node) + """

            [database]
            postgres = "\(try cluster.postgresHost(node.name)):\(cluster.postgresPort)"
            postgres_user = "\(cluster.monitorUser)"
            postgres_password_file = "\(passwordFile)"
            patroni_url = "\(try cluster.patroniURL(node.name))"
            patroni_members = [\(quoted(lab.nodes.compactMap { cluster.patroniURLs[$0.name] }))]
            etcd_endpoints = [\(quoted(cluster.etcdEndpoints))]
            haproxy = "\(haproxy)"
            haproxy_stats_socket = "\(try cluster.haproxyStatsSocket(node.name))"

            """
        guard FileManager.default.createFile(atPath: files.config, contents: Data(text.utf8)) else {
            throw LabError.invalidRequest("cannot write \(files.config)")
        }
    }
}

/// One record of `nodeagent events --json`, as the lab reads it.
struct EventSighting: CustomStringConvertible {
    let node: String
    let time: Double
    let policy: String
    let subject: String
    let severity: String
    let kind: String
    let evidence: String

    init?(node: String, json: [String: Any]) {
        guard let time = json["time"] as? Double, let policy = json["policy"] as? String, let kind = json["kind"] as? String else { return nil }
        self.node = node
        self.time = time
        self.policy = policy
        self.subject = json["subject"] as? String ?? ""
        self.severity = json["severity"] as? String ?? ""
        self.kind = kind
        self.evidence = json["evidence"] as? String ?? ""
    }

    var description: String { "\(policy)\(subject.isEmpty ? "" : "(\(subject))") \(kind) \(severity): \(evidence.prefix(120))" }
}
#endif
