import Foundation

/// One agent of a fleet on this machine (the demo's, a benchmark's): its files and its child process.
public final class LocalAgent: @unchecked Sendable {
    public let name: String
    public let role: String
    public let address: String
    public let directory: String
    private var process: Process?

    init(name: String, role: String, address: String, root: String) {
        self.name = name
        self.role = role
        self.address = address
        directory = root + "/" + name
    }

    public var configPath: String { directory + "/nodeagent.toml" }
    public var socketPath: String { directory + "/admin.sock" }
    public var logPath: String { directory + "/agent.log" }
    /// The read-only HTTP API and `/metrics` on the node's own loopback address, two ports above the
    /// peer port.
    public var httpAddress: String {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else { return address }
        return "\(address[..<colon]):\(port + 2)"
    }
    public var pid: Int32 { process?.processIdentifier ?? 0 }
    public var isRunning: Bool { process?.isRunning ?? false }
    public var exitDescription: String {
        guard let process, !process.isRunning else { return "running" }
        return process.terminationReason == .uncaughtSignal ? "killed by signal \(process.terminationStatus)" : "exit status \(process.terminationStatus)"
    }

    /// The node's config, written as an operator would write it.
    func configText(seeds: [String], tlsDirectory: String, voter: Bool, extra: String) -> String {
        let seedList = seeds.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
        # nodeagent node \(name) of a fleet on this machine (written by nodeagent demo or its benchmarks).
        [node]
        name = "\(name)"
        role = "\(role)"
        voter = \(voter)

        [network]
        listen = "\(address)"
        seeds = [\(seedList)]
        admin_socket = "\(socketPath)"
        http_loopback = "\(httpAddress)"

        [tls]
        ca = "\(tlsDirectory)/ca.pem"
        cert = "\(tlsDirectory)/\(name).pem"
        key = "\(tlsDirectory)/\(name).key"

        [storage]
        data_dir = "\(directory)/data"

        [keepalived]
        track_dir = "\(directory)/track"
        notify_fifo = "\(directory)/keepalived.fifo"

        \(extra)
        """
    }

    /// Starts the agent with its log in the node's folder. `--exit-with-parent` makes the agent stop by
    /// itself should the demo be killed without a chance to clean up.
    public func start(executable: String, arguments: [String] = []) throws {
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["agent", "--config", configPath, "--exit-with-parent"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NODEAGENT_LOG"] = "stderr"
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    public func terminate() {
        if isRunning { process?.terminate() }
    }

    public func kill() {
        if isRunning, let pid = process?.processIdentifier { Foundation.kill(pid, SIGKILL) }
    }

    public func wait() {
        process?.waitUntilExit()
    }
}
