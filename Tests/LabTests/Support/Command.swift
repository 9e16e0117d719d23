#if os(Linux)
import Foundation

/// Runs short commands (ip, nft, curl) with a hard time limit, because a lab must never hang: a command
/// still running at its deadline is killed and reported as timed out.
enum Command {
    /// Runs `argv` (argv[0] an absolute path or a name on PATH) and returns its status and output.
    static func run(_ argv: [String], timeout: Duration = .seconds(10)) throws -> CommandResult {
        guard let executable = argv.first else {
            throw LabError.invalidRequest("empty command")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(executable))
        process.arguments = Array(argv.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw LabError.launchFailed(argv: argv, reason: "\(error)")
        }
        let killer = Watchdog(process: process, limit: timeout)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let killed = killer.disarm()
        process.waitUntilExit()
        if killed {
            throw LabError.commandTimedOut(argv: argv, limit: timeout)
        }
        return CommandResult(argv: argv, status: process.terminationStatus,
                             output: String(decoding: data, as: UTF8.self))
    }

    /// The absolute path of a tool, searched on PATH and the sbin directories (where `ip` and
    /// `keepalived` live but a test runner's PATH may not reach).
    static func resolve(_ name: String) throws -> String {
        if name.hasPrefix("/") { return name }
        if let found = find(name) { return found }
        throw LabError.unavailable("'\(name)' not found on PATH or in the sbin directories")
    }

    /// The absolute path of a tool, or nil when it is not installed.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Kills a process that outlives its deadline; `disarm` says whether it had to. It is disarmed as
/// soon as the output ends, before the process is waited for, to keep the PID-reuse window tiny.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let pid: pid_t
    private var fired = false
    private var armed = true

    init(process: Process, limit: Duration) {
        pid = process.processIdentifier
        let nanos = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanos))) { [self] in
            fire()
        }
    }

    private func fire() {
        lock.lock()
        defer { lock.unlock() }
        guard armed else { return }
        fired = true
        kill(pid, SIGKILL)
    }

    /// Stops the watchdog; true when it had already killed the process.
    func disarm() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        armed = false
        return fired
    }
}
#endif
