import Foundation
import PKI

/// A fleet of real `nodeagent` processes for one test: a temp folder with a fresh CA, certificates and
/// configs, and the agents it started — stopped by their own PIDs, and the folder removed, on `stop()`.
final class TestFleet {
    struct Node {
        let name: String
        let role: String
        let address: String
        let directory: String
        var configPath: String { directory + "/nodeagent.toml" }
        var socketPath: String { directory + "/admin.sock" }
        var logPath: String { directory + "/agent.log" }
    }

    let directory: String
    let tlsDirectory: String
    let ca: FleetCA
    private(set) var nodes: [String: Node] = [:]
    private var processes: [String: Process] = [:]
    private let journal: JournaldHarness?

    init(journal: JournaldHarness? = nil) throws {
        var template = Array((NSTemporaryDirectory() + "nodeagent-test-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw TestFleetError("mkdtemp failed") }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        tlsDirectory = directory + "/tls"
        ca = try FleetCA.create(directory: tlsDirectory, commonName: "test fleet CA")
        self.journal = journal
    }

    deinit { stop() }

    /// Adds a node: its certificate (unless `certificate` is false) and its config.
    @discardableResult
    func addNode(_ name: String, role: String = "app", seeds: [String] = [], adminListen: String? = nil,
                 certificate: Bool = true, extraConfig: String = "") throws -> Node {
        let node = Node(name: name, role: role, address: Loopback.next(), directory: directory + "/" + name)
        try FileManager.default.createDirectory(atPath: node.directory, withIntermediateDirectories: true)
        if certificate { _ = try ca.issue(name: name, role: role, directory: tlsDirectory) }
        nodes[name] = node
        try writeConfig(node, seeds: seeds, adminListen: adminListen, extra: extraConfig)
        return node
    }

    func writeConfig(_ node: Node, seeds: [String], adminListen: String? = nil, extra: String = "", voter: Bool = true,
                     network: String = "") throws {
        let seedList = seeds.map { "\"\($0)\"" }.joined(separator: ", ")
        var text = """
        [node]
        name = "\(node.name)"
        role = "\(node.role)"
        voter = \(voter)

        [network]
        listen = "\(node.address)"
        seeds = [\(seedList)]
        admin_socket = "\(node.socketPath)"

        """
        if let adminListen { text += "admin_listen = \"\(adminListen)\"\n" }
        if !network.isEmpty { text += network + "\n" }
        text += """

        [tls]
        ca = "\(tlsDirectory)/ca.pem"
        cert = "\(tlsDirectory)/\(node.name).pem"
        key = "\(tlsDirectory)/\(node.name).key"

        [storage]
        data_dir = "\(node.directory)/data"

        [transport]
        handshake_timeout_ms = 2000

        """
        text += extra
        try text.write(toFile: node.configPath, atomically: true, encoding: .utf8)
    }

    /// Starts a node's agent (inside the journal's namespace when the fleet has one) and waits until
    /// its admin socket answers.
    /// `binary` runs another build of the agent (an older release, for mixed-version tests);
    /// `environment` adds variables to the agent's environment.
    func start(_ name: String, binary: String? = nil, environment extra: [String: String] = [:], timeout: Duration = .seconds(20)) throws {
        guard let node = nodes[name] else { throw TestFleetError("no node \(name)") }
        if !FileManager.default.fileExists(atPath: node.logPath) {
            _ = FileManager.default.createFile(atPath: node.logPath, contents: nil)
        }
        let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: node.logPath))
        logHandle.seekToEndOfFile()
        var argv = [binary ?? NodeAgentBinary.path, "agent", "--config", node.configPath, "--exit-with-parent"]
        if let journal { argv = journal.wrap(argv) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["NODEAGENT_LOG"] = journal == nil ? "stderr" : "journald"
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        processes[name] = process
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning { throw TestFleetError("agent \(name) exited: \(log(name))") }
            if (try? status(name)) != nil { return }
            usleep(50_000)
        }
        throw TestFleetError("agent \(name) did not answer within \(timeout): \(log(name))")
    }

    func pid(_ name: String) -> Int32? { processes[name]?.processIdentifier }

    func isRunning(_ name: String) -> Bool { processes[name]?.isRunning ?? false }

    func signal(_ name: String, _ number: Int32) {
        if let process = processes[name], process.isRunning { kill(process.processIdentifier, number) }
    }

    /// `nodeagent status --json` of a node, decoded.
    func status(_ name: String) throws -> [String: Any] {
        guard let node = nodes[name] else { throw TestFleetError("no node \(name)") }
        let result = try Shell.run([NodeAgentBinary.path, "status", "--json", "--socket", node.socketPath, "--timeout", "2"], timeout: .seconds(5))
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestFleetError("status of \(name) failed: \(result)")
        }
        return object
    }

    /// The names of the peers a node reports connected.
    func peers(of name: String) -> [String] {
        guard let status = try? status(name), let peers = status["peers"] as? [[String: Any]] else { return [] }
        return peers.compactMap { $0["node"] as? String }.sorted()
    }

    /// Member name → status, as `nodeagent members --json` of `name` reports them.
    func members(of name: String) -> [String: String] {
        guard let node = nodes[name],
              let result = try? Shell.run([NodeAgentBinary.path, "members", "--json", "--socket", node.socketPath, "--timeout", "2"], timeout: .seconds(5)),
              result.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let members = object["members"] as? [[String: Any]] else { return [:] }
        var statuses: [String: String] = [:]
        for member in members {
            if let name = member["name"] as? String, let status = member["status"] as? String { statuses[name] = status }
        }
        return statuses
    }

    /// Adds nodes that all seed each other; `voters` (names) form the quorum when given.
    /// `network` gives extra `[network]` lines for a node (e.g. the HTTP API's listeners).
    func addMesh(_ names: [String], role: String = "app", voters: [String] = [], network: (Node) -> String = { _ in "" }) throws {
        var added: [Node] = []
        for name in names { added.append(try addNode(name, role: role)) }
        let quorum = voters.isEmpty ? "" : "[quorum]\nvoters = [\(voters.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        for node in added {
            let voter = voters.isEmpty || voters.contains(node.name)
            try writeConfig(node, seeds: added.filter { $0.name != node.name }.map(\.address),
                            extra: quorum.isEmpty ? "" : quorum, voter: voter, network: network(node))
        }
    }

    /// `nodeagent coordinator --json` of a node, decoded (empty when it does not answer).
    func coordinator(of name: String) -> [String: Any] {
        guard let node = nodes[name],
              let result = try? Shell.run([NodeAgentBinary.path, "coordinator", "--json", "--socket", node.socketPath, "--timeout", "2"], timeout: .seconds(5)),
              result.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else { return [:] }
        return object
    }

    /// Runs a `nodeagent` admin command against a node's socket.
    func admin(_ name: String, _ arguments: [String], timeout: Duration = .seconds(15)) throws -> Shell.Result {
        guard let node = nodes[name] else { throw TestFleetError("no node \(name)") }
        return try Shell.run([NodeAgentBinary.path] + arguments + ["--socket", node.socketPath], timeout: timeout)
    }

    /// Polls until `condition` holds or the timeout passes; returns whether it held.
    func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    func log(_ name: String) -> String {
        guard let node = nodes[name] else { return "" }
        return String((try? String(contentsOfFile: node.logPath, encoding: .utf8))?.suffix(3000) ?? "")
    }

    /// Stops one agent with SIGTERM (SIGKILL after 10 s), waits for it and returns its exit status.
    @discardableResult
    func stopNode(_ name: String) -> Int32? {
        guard let process = processes[name] else { return nil }
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Stops every agent this fleet started and removes its folder.
    func stop() {
        for name in processes.keys { stopNode(name) }
        processes = [:]
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct TestFleetError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
