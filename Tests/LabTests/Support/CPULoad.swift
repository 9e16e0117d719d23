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

    /// Starts a load in `lab` (its log beside the lab's others) when the environment asks for one,
    /// and registers it so the lab's teardown stops it.
    static func startIfAsked(in lab: Lab) throws {
        guard isRequested else { return }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let argv = argv(stressNG: try Command.resolve("stress-ng"), workers: workers)
        let load = CPULoad()
        load.process = try LaunchedProcess(argv, logPath: lab.directory + "/cpu-load.log")
        lab.register(load)
        print("agent lab: LAB_CPU_LOAD — stress-ng --cpu \(workers) running beside the lab (pid \(load.process?.pid ?? 0))")
    }

    /// Whether the load is still running (it ends by itself after `limit`).
    var isRunning: Bool { process?.isRunning == true }

    func stop() {
        process?.stop(grace: .seconds(3))
        process = nil
    }
}
#endif
