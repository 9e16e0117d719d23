import Foundation
import NIOConcurrencyHelpers
import Subprocess
import SystemPackage

/// Runs a probe's program the way a root daemon must, through swift-subprocess: by absolute path,
/// without a shell, in a process group of its own (so a timeout or a cancellation kills the program
/// AND everything it started), with stdin from /dev/null, default signal handling, and stdout and
/// stderr together captured up to `outputLimit`, the rest read and counted so a chatty program
/// never blocks on a full pipe.
enum ProcessRunner {
    /// Bytes of output kept for the detail.
    static let outputLimit = 4096

    static func run(_ argv: [String], timeout: Duration) async -> ProcessOutcome {
        await run(argv, budget: ProbeBudget(timeout: timeout))
    }

    /// `limit` is the bytes of output kept; diagnose reads whole journal extracts, probes keep a detail.
    static func run(_ argv: [String], budget: ProbeBudget, limit: Int = outputLimit) async -> ProcessOutcome {
        guard let program = argv.first, program.hasPrefix("/") else {
            return notStarted("argv[0] must be an absolute path, got \(argv.first.map { "\"\($0)\"" } ?? "nothing")")
        }
        guard !argv.contains(where: { $0.contains("\0") }) else { return notStarted("argv contains a NUL character") }
        let capture = NIOLockedValueBox(OutputCapture(limit: limit))
        let ending = await supervise(argv, capture: capture, budget: budget)
        return capture.withLockedValue { $0.outcome(ending) }
    }

    private static func notStarted(_ reason: String) -> ProcessOutcome {
        ProcessOutcome(ending: .notStarted(reason), output: "", droppedBytes: 0)
    }

    private enum Stage: Sendable {
        case ended(ProcessOutcome.Ending)
        case interrupted
        case deadline
    }

    /// Runs the program beside a timer; whichever ends first decides. Cancelling the run makes
    /// swift-subprocess tear the process group down with SIGKILL (`platformOptions`), and the
    /// group is awaited, so no probe returns while its program still runs.
    private static func supervise(_ argv: [String], capture: NIOLockedValueBox<OutputCapture>,
                                  budget: ProbeBudget) async -> ProcessOutcome.Ending {
        await withTaskGroup(of: Stage.self) { group in
            group.addTask { await execute(argv, capture: capture) }
            group.addTask {
                (try? await Task.sleep(until: budget.end, clock: .continuous)) != nil ? .deadline : .interrupted
            }
            let first = await group.next() ?? .interrupted
            group.cancelAll()
            await group.waitForAll()
            switch first {
            case .ended(let ending): return ending
            case .deadline: return .stopped(budget.timedOutText)
            case .interrupted: return .stopped("cancelled")
            }
        }
    }

    private static func execute(_ argv: [String], capture: NIOLockedValueBox<OutputCapture>) async -> Stage {
        let group = NIOLockedValueBox<pid_t?>(nil)
        do {
            let result = try await Subprocess.run(.path(FilePath(argv[0])), arguments: Arguments(Array(argv.dropFirst())),
                                                  environment: .inherit, platformOptions: options,
                                                  input: .none, output: .sequence, error: .combinedWithOutput) { execution in
                group.withLockedValue { $0 = execution.processIdentifier.value }
                for try await chunk in execution.standardOutput {
                    chunk.withUnsafeBytes { bytes in capture.withLockedValue { $0.append(bytes) } }
                }
            }
            // What the program left running in its group is ended with it, as before the leader's exit.
            if let leader = group.withLockedValue({ $0 }) { kill(-leader, SIGKILL) }
            guard !Task.isCancelled else { return .interrupted }
            return .ended(ending(result.terminationStatus))
        } catch {
            if Task.isCancelled { return .interrupted }
            guard let leader = group.withLockedValue({ $0 }) else { return .ended(.notStarted(spawnFailure(argv[0], error))) }
            kill(-leader, SIGKILL)
            return .ended(.stopped("lost the program's output: \(error)"))
        }
    }

    /// A group of its own whose id is the child's pid; on cancellation the teardown sends SIGKILL to
    /// the whole group at once (a program ignoring SIGTERM must not outlive its probe).
    private static var options: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .zero)]
        return options
    }

    private static func ending(_ status: TerminationStatus) -> ProcessOutcome.Ending {
        switch status {
        case .exited(let code): .exited(code)
        case .signaled(let signal): .signalled(signal)
        }
    }

    private static func spawnFailure(_ program: String, _ error: any Error) -> String {
        if let error = error as? SubprocessError, let underlying = error.underlyingError {
            return "cannot run \(program): \(String(cString: strerror(underlying.rawValue)))"
        }
        return "cannot run \(program): \(error)"
    }
}
