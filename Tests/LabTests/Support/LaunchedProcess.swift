#if os(Linux)
import Foundation

/// A long-running process the lab started (keepalived, an HTTP service), remembered by the PID it was
/// given so that the lab stops exactly what it started and nothing else.
final class LaunchedProcess {
    let argv: [String]
    let logPath: String
    private let process: Process

    /// The PID of the started process. `ip netns exec` execs its command, so this is keepalived's
    /// or python's own PID, not a wrapper's.
    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Starts `argv` with stdout and stderr appended to `logPath`. `environment` is added to (and
    /// overrides) this process's own; `unset` names variables the child must not inherit.
    init(_ argv: [String], logPath: String, environment: [String: String] = [:], unset: [String] = []) throws {
        guard let executable = argv.first else {
            throw LabError.invalidRequest("empty command")
        }
        self.argv = argv
        self.logPath = logPath
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Command.resolve(executable))
        process.arguments = Array(argv.dropFirst())
        process.standardInput = FileHandle.nullDevice
        if !environment.isEmpty || !unset.isEmpty {
            var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            unset.forEach { merged.removeValue(forKey: $0) }
            process.environment = merged
        }
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
              let log = FileHandle(forWritingAtPath: logPath) else {
            throw LabError.launchFailed(argv: argv, reason: "cannot write its log \(logPath)")
        }
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw LabError.launchFailed(argv: argv, reason: "\(error)")
        }
        try? log.close()
    }

    /// Sends SIGTERM, waits up to `grace` for the process to end, then SIGKILLs it and waits again
    /// (bounded). Calling it on a finished process does nothing.
    func stop(grace: Duration = .seconds(5)) {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        if waitForExit(within: grace) { return }
        if process.isRunning { kill(pid, SIGKILL) }
        _ = waitForExit(within: .seconds(2))
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    func crash() {
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
        _ = waitForExit(within: .seconds(2))
    }

    /// True when the process ended within `limit`.
    func waitForExit(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false }
            usleep(5_000)
        }
        return true
    }

    /// The last `maxBytes` of the process's log, for failure messages.
    func logTail(maxBytes: Int = 1_500) -> String {
        guard let data = FileManager.default.contents(atPath: logPath) else { return "" }
        return String(decoding: data.suffix(maxBytes), as: UTF8.self)
    }

    deinit {
        stop(grace: .seconds(2))
    }
}
#endif
