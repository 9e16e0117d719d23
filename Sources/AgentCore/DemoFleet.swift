import Foundation
import Synchronization
import Mesh
import PKI
import Wire
import UnixSignals

/// `nodeagent demo`: a whole fleet on this machine, made from scratch (CA, certificates, one config per
/// node), started as real agent processes on loopback, and watched through their admin sockets.
public final class DemoFleet: @unchecked Sendable {
    private let options: DemoOptions
    private let directory: String
    private let removeOnExit: Bool
    private var nodes: [LocalAgent] = []
    private let output = FileHandle.standardOutput
    private let interactive: Bool

    public init(options: DemoOptions) throws {
        self.options = options
        if let directory = options.directory {
            self.directory = (directory as NSString).standardizingPath
            removeOnExit = false
        } else {
            self.directory = try LocalFleet.temporaryDirectory(prefix: "nodeagent-demo")
            removeOnExit = true
        }
        interactive = isatty(STDOUT_FILENO) == 1
    }

    /// Runs the demo to its end and returns the exit code. Always stops every agent it started.
    public func run() async -> Int32 {
        let interrupted = Mutex<Int32?>(nil)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup)
        let watcher = Task {
            for await signal in signals {
                interrupted.withLock { $0 = signal.rawValue }
                break
            }
        }
        defer { watcher.cancel() }
        var code: Int32 = 0
        do {
            try prepare()
            try start()
            code = await watch { interrupted.withLock { $0 } != nil }
        } catch {
            say("demo failed: \(error)")
            code = 1
        }
        stopAll()
        cleanUp()
        return code
    }

    // MARK: Set-up

    private func prepare() throws {
        let fleet = DemoOptions.fleet(size: options.nodes)
        nodes = try LocalFleet.make(directory: directory, members: fleet, port: options.port)
        say("nodeagent demo: \(fleet.count) nodes, fleet CA and certificates in \(directory)/tls")
        say("configs: \(directory)/<node>/nodeagent.toml   logs: \(directory)/<node>/agent.log")
    }

    private func start() throws {
        for node in nodes {
            try node.start(executable: options.executable)
            say("started \(node.name) (\(node.role)) pid \(node.pid) on \(node.address)")
        }
    }

    // MARK: Watching

    /// Shows the table until the duration ends or a signal arrives. An agent that dies (try `kill -9`
    /// on one) is shown dead by the others and restarted 10 s later, so its rejoin shows too.
    /// Exit codes: 0 fine, 2 the fleet never became fully connected within the duration.
    private func watch(interrupted: () -> Bool) async -> Int32 {
        let started = ContinuousClock.now
        let deadline = options.duration.map { started + $0 }
        var allConnectedAt: Duration?
        var lastPrinted = started - .seconds(60)
        var restarts: [String: ContinuousClock.Instant] = [:]
        if let first = nodes.first {
            say("HTTP API (read-only, loopback) on every node, e.g. curl http://\(first.httpAddress)/v1/members, "
                + "/v1/events, /v1/vip, /metrics; the API's description: /v1/openapi.json")
        }
        say("try: kill -9 <pid> of one agent (the coordinator, say); the others mark it dead, elect a new")
        say("coordinator if needed, and the demo restarts it 10 s later")
        while !interrupted() {
            let views = await collect()
            let now = ContinuousClock.now
            if allConnectedAt == nil, fullyConnected(views) {
                allConnectedAt = now - started
                say(String(format: "all %d nodes connected over mutual TLS (%d peers each) after %.2f s",
                           nodes.count, nodes.count - 1, seconds(now - started)))
            }
            superviseAgents(&restarts, now: now)
            if interactive || now - lastPrinted >= .seconds(5) {
                render(views, elapsed: now - started)
                lastPrinted = now
            }
            if let deadline, now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(250))
        }
        if interrupted() { say("interrupted; stopping the fleet") }
        return allConnectedAt == nil && options.duration != nil ? 2 : 0
    }

    private func superviseAgents(_ restarts: inout [String: ContinuousClock.Instant], now: ContinuousClock.Instant) {
        for node in nodes where !node.isRunning {
            guard let due = restarts[node.name] else {
                restarts[node.name] = now + .seconds(10)
                say("agent \(node.name) exited (\(node.exitDescription)); restarting it in 10 s")
                continue
            }
            guard now >= due else { continue }
            restarts[node.name] = nil
            do {
                try node.start(executable: options.executable)
                say("restarted \(node.name) pid \(node.pid)")
            } catch {
                say("cannot restart \(node.name): \(error)")
            }
        }
    }

    private func collect() async -> [String: NodeView] {
        var views: [String: NodeView] = [:]
        for node in nodes where node.isRunning {
            let status = try? await AdminClient.request(AdminRequest(id: 1, command: "status"), socketPath: node.socketPath, timeout: .seconds(1))
            let members = try? await AdminClient.request(AdminRequest(id: 2, command: "members"), socketPath: node.socketPath, timeout: .seconds(1))
            let quorum = try? await AdminClient.request(AdminRequest(id: 3, command: "coordinator"), socketPath: node.socketPath, timeout: .seconds(1))
            views[node.name] = NodeView(
                status: try? status?.result?.decode(as: StatusReport.self),
                members: try? members?.result?.decode(as: MembersReport.self),
                quorum: try? quorum?.result?.decode(as: CoordinatorReport.self))
        }
        return views
    }

    private func fullyConnected(_ views: [String: NodeView]) -> Bool {
        views.count == nodes.count && views.values.allSatisfy { $0.status?.peers.count == nodes.count - 1 }
    }

    private func render(_ views: [String: NodeView], elapsed: Duration) {
        var lines: [String] = []
        lines.append(String(format: "nodeagent demo — %d nodes — %.0f s — Ctrl-C stops the fleet", nodes.count, seconds(elapsed)))
        lines.append(StatusTable.header)
        for node in nodes {
            lines.append(StatusTable.row(name: node.name, role: node.role, address: node.address, pid: node.pid,
                                         running: node.isRunning, view: views[node.name], expectedPeers: nodes.count - 1))
        }
        let text = lines.joined(separator: "\n") + "\n"
        if interactive {
            output.write(Data(("\u{1B}[H\u{1B}[2J" + text).utf8))
        } else {
            output.write(Data(text.utf8))
        }
    }

    // MARK: Ending

    private func stopAll() {
        LocalFleet.stop(nodes)
        say("stopped \(nodes.count) agents (pids \(nodes.map { String($0.pid) }.joined(separator: " ")))")
    }

    private func cleanUp() {
        if removeOnExit {
            try? FileManager.default.removeItem(atPath: directory)
            say("removed \(directory)")
        } else {
            say("kept \(directory)")
        }
    }

    private func say(_ text: String) {
        output.write(Data((text + "\n").utf8))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// What the demo learnt from one agent in one refresh.
struct NodeView {
    var status: StatusReport?
    var members: MembersReport?
    var quorum: CoordinatorReport?
}

/// Why the demo could not be set up.
public enum DemoError: Error, CustomStringConvertible {
    case setup(String)

    public var description: String {
        switch self {
        case let .setup(message): return message
        }
    }
}
