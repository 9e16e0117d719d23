#if os(Linux)
import Foundation

/// A long-running database client the lab started in one node's namespace (held connections, the
/// write load): stopped by the PID it was given, with SIGKILL, which closes its connections at once.
/// Registered with the lab, so teardown stops it even when a test forgot to.
final class DBClientProcess: LabService {
    /// The node whose namespace it runs in.
    let node: LabNode
    private let process: LaunchedProcess

    init(node: LabNode, process: LaunchedProcess) {
        self.node = node
        self.process = process
    }

    /// The client's PID while it runs.
    var pid: pid_t? { process.isRunning ? process.pid : nil }

    var isRunning: Bool { process.isRunning }

    /// Everything the client printed so far (its stdout and stderr).
    var output: String {
        guard let data = FileManager.default.contents(atPath: process.logPath) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The printed lines, in order.
    var lines: [String] { output.split(separator: "\n").map(String.init) }

    /// The CLOCK_BOOTTIME instants (nanoseconds, as `BootClock`) of the lines "KIND T …" the client
    /// printed: the write load's "up" and "down" transitions.
    func instants(of kind: String) -> [Int64] {
        lines.compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, fields[0] == kind else { return nil }
            return Int64(fields[1])
        }
    }

    /// Waits (bounded) until the client prints a line starting with `prefix`, and returns that line.
    /// Throws, with the client's output, when it exits first or `timeout` passes.
    func waitForLine(startingWith prefix: String, timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return line }
            guard process.isRunning else {
                throw LabError.launchFailed(argv: process.argv, reason: "exited before printing '\(prefix)': \(process.logTail())")
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("'\(prefix)' from the client on \(node.name): \(process.logTail())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// SIGKILL; its connections close with it.
    func stop() {
        process.crash()
    }
}
#endif
