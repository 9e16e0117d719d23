#if os(Linux)
import Foundation

/// The fleet of the scenarios in the namespace lab: app1 app2 int1 int2 db1 db2 db3, a real
/// `nodeagent` in every namespace (all seven vote), real keepalived on the app and int pairs steered
/// only by the agents' track files (no `vrrp_script`), a tiny HTTP service on every app and int node as
/// the checked service, and one 10 ms sampler per VIP over all seven namespaces.
///
/// Everything is started by `start()` and torn down by `stop()` (or, if a test fails first, by the
/// lab's own teardown, which stops every registered process by PID and deletes its namespaces).
final class AgentLab {
    static let nodeNames = ["app1", "app2", "int1", "int2", "db1", "db2", "db3"]
    static let app = LabVIPGroup(name: "app", instance: "APP", vip: "198.18.0.100", virtualRouterID: 51,
                                 members: [.init(name: "app1", priority: 150), .init(name: "app2", priority: 100)])
    static let int = LabVIPGroup(name: "int", instance: "INT", vip: "198.18.0.101", virtualRouterID: 52,
                                 members: [.init(name: "int1", priority: 150), .init(name: "int2", priority: 100)])

    let lab: Lab
    let groups: [LabVIPGroup]
    private(set) var config: AgentFleetConfig
    let binary: String
    private(set) var agents: [String: LabAgent] = [:]
    private(set) var services: [String: HTTPService] = [:]
    private(set) var keepalived: [String: KeepalivedInstance] = [:]
    private(set) var samplers: [String: VIPSampler] = [:]

    /// Whether the agent watches keepalived's VRRP child (`[keepalived] vrrp_pid_file`): an agent that
    /// predates the key rejects it as unknown, so `nodeagent config check` on one member's config decides
    /// whether the key stays. Any other complaint is left for the agent's start to report.
    private(set) var watchesKeepalivedPid = true

    /// Builds the network and writes certificates and configs; nothing runs until `start()`.
    init(groups: [LabVIPGroup] = [AgentLab.app, AgentLab.int], voters: [String]? = nil, httpLoopbackPort: Int? = nil) throws {
        binary = try AgentBinary.require()
        lab = try Lab(nodeNames: AgentLab.nodeNames)
        self.groups = groups
        config = AgentFleetConfig(nodes: lab.nodes, groups: groups, voters: voters, tlsDirectory: lab.directory + "/tls",
                                  baseDirectory: lab.directory + "/agents")
        config.httpLoopbackPort = httpLoopbackPort
        for name in Set(groups.flatMap(\.memberNames)) {
            config.vrrpPidFiles[name] = KeepalivedInstance.vrrpPidPath(labDirectory: lab.directory, node: name)
        }
        do {
            try writeCertificates()
            for node in lab.nodes { try writeConfig(node) }
            try dropVRRPPidFileUnlessAccepted()
        } catch {
            lab.stop()
            throw error
        }
    }

    // MARK: - Starting

    /// Starts the services, the samplers, keepalived (FAULT until its agent writes a track value: the
    /// snippet's `init_file -254`) and then the agents, waiting until all see each other alive and
    /// agree on one coordinator.
    ///
    /// keepalived goes first on purpose: started after the agent, its `init_file … overwrite` replaces
    /// the value the agent already wrote, and an agent that only writes on change never corrects it
    /// (see `keepalivedRestartedUnderARunningAgentIsSteeredAgain`).
    func start(fleetTimeout: Duration = .seconds(30)) async throws {
        // LAB_CPU_LOAD=1: a competing CPU load for the whole life of the fleet.
        try CPULoad.startIfAsked(in: lab)
        for name in groups.flatMap(\.memberNames) {
            let service = try HTTPService(lab: lab, node: try lab.node(name), port: config.servicePort)
            try service.start()
            services[name] = service
        }
        for group in groups {
            let sampler = try VIPSampler(vip: group.vip, nodes: lab.nodes)
            try sampler.start()
            samplers[group.name] = sampler
        }
        for group in groups {
            for member in group.members { try startKeepalived(member.name, group: group) }
        }
        for node in lab.nodes {
            let agent = LabAgent(lab: lab, node: node, files: config.files(for: node), binary: binary)
            agents[node.name] = agent
            try agent.start()
        }
        _ = try await waitForFleet(timeout: fleetTimeout)
    }

    /// Waits until every running agent reports every running agent alive and all name the same
    /// coordinator; returns that coordinator.
    @discardableResult
    func waitForFleet(timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while true {
            let running = agents.values.filter(\.isRunning)
            let names = Set(running.map(\.node.name))
            var coordinators: Set<String> = []
            var complete = true
            for agent in running {
                let members = (try? agent.members()) ?? [:]
                let alive = Set(members.filter { $0.value == "alive" }.keys)
                if !names.isSubset(of: alive) {
                    complete = false
                    last = "\(agent.node.name) sees \(members.sorted { $0.key < $1.key })"
                    break
                }
                coordinators.insert((try? agent.coordinator()).flatMap { $0 } ?? "none")
            }
            if complete, coordinators.count == 1, let only = coordinators.first, only != "none", names.contains(only) {
                return only
            }
            if complete { last = "coordinators named: \(coordinators.sorted())" }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("the agent fleet to agree (\(last))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    // MARK: - Parts

    func agent(_ name: String) throws -> LabAgent {
        guard let agent = agents[name] else { throw LabError.invalidRequest("no agent on \(name)") }
        return agent
    }

    func service(_ name: String) throws -> HTTPService {
        guard let service = services[name] else { throw LabError.invalidRequest("no HTTP service on \(name)") }
        return service
    }

    func sampler(_ group: LabVIPGroup) throws -> VIPSampler {
        guard let sampler = samplers[group.name] else { throw LabError.invalidRequest("no sampler for \(group.name)") }
        return sampler
    }

    func keepalived(_ name: String) throws -> KeepalivedInstance {
        guard let instance = keepalived[name] else { throw LabError.invalidRequest("no keepalived on \(name)") }
        return instance
    }

    /// (Re)starts keepalived on `name` for `group`, with the track file and notify FIFO the agent uses.
    func startKeepalived(_ name: String, group: LabVIPGroup) throws {
        if let running = keepalived[name], running.pid != nil { return }
        let node = try lab.node(name)
        let files = config.files(for: node)
        guard let priority = group.priority(of: name) else {
            throw LabError.invalidRequest("\(name) is no member of \(group.name)")
        }
        let snippet = try snippetTrackFileBlock(group, files: files)
        var settings = KeepalivedSettings(priority: priority)
        settings.instance = group.instance
        settings.virtualRouterID = group.virtualRouterID
        settings.vip = group.vip
        settings.trackFile = .init(name: "nodeagent_\(group.name)", path: files.trackFile(group.name), weight: 1,
                                   initialValue: AgentLab.initialValue(in: snippet))
        settings.notifyFIFO = files.notifyFIFO
        settings.leaseScript = .init(name: "nodeagent_\(group.name)_lease", path: files.leaseFile(group.name))
        let instance = try KeepalivedInstance(lab: lab, node: node, settings: settings)
        try AgentLab.requireBlock(snippet, in: instance.configPath)
        keepalived[name] = instance
        try instance.start()
    }

    /// The `track_file` definition `nodeagent keepalived snippet GROUP --config C` prints for this node,
    /// as trimmed lines: the lab's keepalived.conf must contain exactly this, as a user's would.
    private func snippetTrackFileBlock(_ group: LabVIPGroup, files: AgentFleetConfig.Files) throws -> [String] {
        let output = try Command.run([binary, "keepalived", "snippet", group.name, "--config", files.config]).check().output
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(where: { $0.hasPrefix("track_file ") && $0.hasSuffix("{") }),
              let end = lines[start...].firstIndex(of: "}") else {
            throw LabError.invalidRequest("no track_file block in `nodeagent keepalived snippet \(group.name)`:\n\(output)")
        }
        return Array(lines[start...end])
    }

    /// The `init_file VALUE overwrite` value of a snippet block, if it has one.
    static func initialValue(in block: [String]) -> Int? {
        block.lazy.compactMap { line -> Int? in
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0] == "init_file" else { return nil }
            return Int(words[1])
        }.first
    }

    /// Throws unless the config file at `path` contains `block` (trimmed lines, consecutively).
    static func requireBlock(_ block: [String], in path: String) throws {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let found = lines.indices.contains { start in
            start + block.count <= lines.count && Array(lines[start..<(start + block.count)]) == block
        }
        guard found else {
            throw LabError.invalidRequest("the lab's keepalived.conf lacks the snippet's block \(block) — update KeepalivedConfig")
        }
    }

    /// The coordinator as the first running agent that names one sees it.
    func coordinator() -> String? {
        for name in AgentLab.nodeNames {
            guard let agent = agents[name], agent.isRunning else { continue }
            if let coordinator = (try? agent.coordinator()).flatMap({ $0 }) { return coordinator }
        }
        return nil
    }

    /// Stops the samplers and tears the lab down. With LAB_KEEP_LOGS=DIR in the environment, the logs
    /// of every agent, keepalived and service are first copied to DIR/<lab tag>/ for a post-mortem.
    func stop() {
        samplers.values.forEach { $0.stop() }
        if let keep = ProcessInfo.processInfo.environment["LAB_KEEP_LOGS"], !keep.isEmpty {
            keepLogs(in: keep + "/" + lab.tag)
        }
        lab.stop()
    }

    private func keepLogs(in directory: String) {
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              let names = try? manager.contentsOfDirectory(atPath: lab.directory) else { return }
        for name in names where name.hasSuffix(".log") || name.hasSuffix(".conf") {
            try? manager.copyItem(atPath: lab.directory + "/" + name, toPath: directory + "/" + name)
        }
        for node in lab.nodes {
            try? manager.copyItem(atPath: config.files(for: node).config, toPath: directory + "/\(node.name).toml")
        }
    }

    /// The tails of every agent's and keepalived's log, for a failure message.
    func logs(_ names: [String]? = nil, maxBytes: Int = 1_500) -> String {
        (names ?? AgentLab.nodeNames).map { name in
            var text = "--- \(name) agent ---\n" + (agents[name]?.logTail(maxBytes: maxBytes) ?? "")
            if let instance = keepalived[name] { text += "\n--- \(name) keepalived ---\n" + instance.logTail() }
            return text
        }.joined(separator: "\n")
    }

    // MARK: - Files

    private func writeCertificates() throws {
        try FileManager.default.createDirectory(atPath: config.tlsDirectory, withIntermediateDirectories: true)
        try Command.run([binary, "certs", "init", "--dir", config.tlsDirectory, "--name", "lab fleet CA \(lab.tag)"],
                        timeout: .seconds(20)).check()
        for node in lab.nodes {
            try Command.run([binary, "certs", "issue", node.name, "--role", AgentFleetConfig.role(of: node),
                             "--dir", config.tlsDirectory], timeout: .seconds(20)).check()
        }
    }

    /// Keeps `[keepalived] vrrp_pid_file` in the configs only when `nodeagent config check` accepts it.
    private func dropVRRPPidFileUnlessAccepted() throws {
        guard let member = lab.nodes.first(where: { config.vrrpPidFiles[$0.name] != nil }) else {
            watchesKeepalivedPid = false
            return
        }
        let result = try Command.run([binary, "config", "check", config.files(for: member).config], timeout: .seconds(10))
        guard !result.succeeded, result.output.contains("vrrp_pid_file") else { return }
        print("agent lab: this nodeagent rejects [keepalived] vrrp_pid_file; the configs go without it")
        watchesKeepalivedPid = false
        config.vrrpPidFiles = [:]
        for node in lab.nodes { try writeConfig(node) }
    }

    private func writeConfig(_ node: LabNode) throws {
        let files = config.files(for: node)
        for directory in [files.directory, files.trackDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let text = try config.render(for: node)
        guard FileManager.default.createFile(atPath: files.config, contents: Data(text.utf8)) else {
            throw LabError.invalidRequest("cannot write \(files.config)")
        }
    }
}
#endif
