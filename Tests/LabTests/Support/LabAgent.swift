#if os(Linux)
import Foundation

/// One real `nodeagent agent` running in one node's namespace, started and stopped by the PID the lab
/// was given, logging to stderr (NODEAGENT_LOG=stderr) into a per-node log file in the lab directory.
/// Its admin socket lives on the shared filesystem, so the test asks it from the host namespace with
/// the ordinary CLI.
final class LabAgent: LabService {
    let node: LabNode
    let files: AgentFleetConfig.Files
    let binary: String

    /// Weak: the lab owns its services (to stop them), so a strong reference back would keep a
    /// forgotten lab, and its namespaces, alive forever.
    private weak var lab: Lab?
    private var process: LaunchedProcess?
    private var starts = 0
    private var paused = false

    init(lab: Lab, node: LabNode, files: AgentFleetConfig.Files, binary: String) {
        self.lab = lab
        self.node = node
        self.files = files
        self.binary = binary
        lab.register(self)
    }

    /// The agent's PID while it runs.
    var pid: pid_t? { process.flatMap { $0.isRunning ? $0.pid : nil } }

    var isRunning: Bool { pid != nil }

    /// The log file of the current (or last) run.
    var logPath: String? { process?.logPath }

    /// Starts the agent and returns once its admin socket answers, or throws within `timeout`.
    /// `--exit-with-parent` makes the agent die with the test process even if teardown never runs.
    func start(timeout: Duration = .seconds(20)) throws {
        guard pid == nil else { return }
        guard let lab else { throw LabError.invalidRequest("the lab of the agent on \(node.name) is gone") }
        starts += 1
        let started = try lab.launch(
            in: node, [binary, "agent", "--config", files.config, "--exit-with-parent"],
            logName: "\(node.name)-agent-\(starts).log",
            environment: ["NODEAGENT_LOG": "stderr"], unset: ["NOTIFY_SOCKET"])
        process = started
        let deadline = ContinuousClock.now + timeout
        while (try? admin(["status"], timeout: .seconds(3)))?.succeeded != true {
            guard started.isRunning else {
                throw LabError.launchFailed(argv: started.argv, reason: "the agent on \(node.name) exited: \(started.logTail())")
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("the agent on \(node.name) to answer on its admin socket: \(started.logTail())")
            }
            usleep(50_000)
        }
    }

    /// SIGTERM (the agent leaves the fleet gracefully), SIGKILL after a bounded grace. A paused agent
    /// is continued first, so that it can hear the SIGTERM.
    func stop() {
        resume()
        process?.stop(grace: .seconds(5))
    }

    /// SIGSTOP: the agent freezes (a stalled VM, a long GC-like pause) with its sockets, track files
    /// and keepalived left exactly as they were.
    func pause() throws {
        guard let pid else { throw LabError.invalidRequest("the agent on \(node.name) is not running") }
        guard kill(pid, SIGSTOP) == 0 else { throw LabError.invalidRequest("SIGSTOP to \(pid) failed: errno \(errno)") }
        paused = true
    }

    /// SIGCONT after `pause()`; does nothing otherwise.
    func resume() {
        guard paused else { return }
        paused = false
        if let pid { kill(pid, SIGCONT) }
    }

    /// SIGKILL: the agent vanishes without a word, as on a crash.
    func crash() {
        process?.crash()
        paused = false
    }

    /// Runs `nodeagent ARGUMENTS --socket <this agent's socket>` from the host namespace.
    func admin(_ arguments: [String], timeout: Duration = .seconds(10)) throws -> CommandResult {
        try Command.run([binary] + arguments + ["--socket", files.adminSocket], timeout: timeout)
    }

    /// Runs an admin query with `--json` and decodes the object it prints.
    func json(_ arguments: [String], timeout: Duration = .seconds(5)) throws -> [String: Any] {
        let result = try admin(arguments + ["--json", "--timeout", "2"], timeout: timeout).check()
        guard let start = result.output.firstIndex(of: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(result.output[start...].utf8)) as? [String: Any] else {
            throw LabError.commandFailed(argv: result.argv, status: result.status, output: "not a JSON object: " + result.output)
        }
        return object
    }

    /// The member name → status map this agent reports (`nodeagent members`).
    func members() throws -> [String: String] {
        let members = try json(["members"])["members"] as? [[String: Any]] ?? []
        var statuses: [String: String] = [:]
        for member in members {
            if let name = member["name"] as? String, let status = member["status"] as? String { statuses[name] = status }
        }
        return statuses
    }

    /// The coordinator this agent knows of, if any (`nodeagent coordinator`).
    func coordinator() throws -> String? {
        try json(["coordinator"])["coordinator"] as? String
    }

    /// The last part of the agent's log, for failure messages.
    func logTail(maxBytes: Int = 3_000) -> String { process?.logTail(maxBytes: maxBytes) ?? "" }
}
#endif
