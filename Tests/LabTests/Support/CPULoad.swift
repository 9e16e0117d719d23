#if os(Linux)
import Foundation

/// A competing CPU load for the life of one lab (LAB_CPU_LOAD=1): `stress-ng --cpu N`, one busy worker
/// per core, so any scenario can be run with the agents and keepalived fighting for the processor as on
/// a busy node. Started by the lab and stopped by the PID it was given (stress-ng's parent, which ends
/// its workers); `--timeout` bounds it even if the test process dies without tearing down.
final class CPULoad: LabService {
    /// The longest a load may run, whatever happens to the test process.
    static let limit = Duration.seconds(900)

    /// True when the environment asks for a load (LAB_CPU_LOAD=1, or true/yes).
    static var isRequested: Bool {
        let value = ProcessInfo.processInfo.environment["LAB_CPU_LOAD"]?.lowercased() ?? ""
        return ["1", "true", "yes"].contains(value)
    }

    /// The stress-ng command line: `workers` CPU hogs for at most `limit`.
    static func argv(stressNG: String, workers: Int) -> [String] {
        [stressNG, "--cpu", String(max(1, workers)), "--timeout", "\(Int(limit.seconds))s", "--quiet"]
    }

    private var process: LaunchedProcess?

    /// Starts `workers` CPU hogs now, logging to `logPath`.
    init(workers: Int, logPath: String) throws {
        process = try LaunchedProcess(CPULoad.argv(stressNG: try Command.resolve("stress-ng"), workers: workers),
                                      logPath: logPath)
    }

    /// stress-ng's own PID while it runs.
    var pid: pid_t? { process.flatMap { $0.isRunning ? $0.pid : nil } }

    /// Starts a load in `lab` (its log beside the lab's others) when the environment asks for one,
    /// and registers it so the lab's teardown stops it.
    static func startIfAsked(in lab: Lab) throws {
        guard isRequested else { return }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let load = try CPULoad(workers: workers, logPath: lab.directory + "/cpu-load.log")
        lab.register(load)
        print("agent lab: LAB_CPU_LOAD — stress-ng --cpu \(workers) running beside the lab (pid \(load.pid ?? 0))")
    }

    /// Whether the load is still running (it ends by itself after `limit`).
    var isRunning: Bool { process?.isRunning == true }

    /// Stops the workers, then the parent. The workers are killed by PID first (SIGKILL): they inherit
    /// the test runner's blocked signals, so the SIGTERM the parent forwards may never reach them, and
    /// once the parent is gone they would run on as orphans until `--timeout`.
    func stop() {
        guard let process else { return }
        self.process = nil
        for _ in 0..<3 {
            let workers = CPULoad.children(of: process.pid)
            if workers.isEmpty { break }
            workers.forEach { kill($0, SIGKILL) }
            usleep(20_000)
        }
        process.stop(grace: .seconds(3))
    }

    /// The PIDs whose parent is `parent`, read from /proc (a child of our own process, so no stranger
    /// is ever signalled).
    static func children(of parent: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid > 1,
                  let stat = FileManager.default.contents(atPath: "/proc/\(entry)/stat") else { return nil }
            return parentPID(inStat: String(decoding: stat, as: UTF8.self)) == parent ? pid : nil
        }
    }

    /// The parent PID from a /proc/PID/stat line: the field after the state, itself after the command
    /// name in parentheses (which may hold spaces and parentheses, hence the last ')').
    static func parentPID(inStat line: String) -> pid_t? {
        guard let close = line.lastIndex(of: ")") else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        return fields.count >= 2 ? pid_t(fields[1]) : nil
    }
}
#endif
