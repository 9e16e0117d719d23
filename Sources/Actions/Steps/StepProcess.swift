import Foundation
import Operations
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs one step as a process in its own process group, through swift-subprocess: stdin from
/// nothing, stdout and stderr each kept as an `OutputWindow`, the group stopped at the step's timeout
/// or on cancel. The environment is clean (a fixed PATH and locale, the step's own variables, and
/// the attempt's identity), so a step behaves the same whatever the agent's environment was.
enum StepProcess {
    static let basePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    static func run(_ step: PlanStep, id: AttemptID, control: StepControl) async -> StepResult {
        guard let program = step.argv.first, program.hasPrefix("/") else {
            return StepResult(outcome: .failed(exitCode: nil), detail: "argv[0] must be an absolute path")
        }
        let unit = TransientUnit.isAvailable() ? TransientUnit(id) : nil
        var argv = step.argv
        var onStop: (@Sendable () -> Void)?
        if let unit {
            argv = [TransientUnit.systemdRun] + unit.arguments(argv: step.argv, environment: variables(step, id: id),
                                                               workingDirectory: step.workingDirectory,
                                                               timeoutMilliseconds: step.timeoutMilliseconds)
            onStop = { stopUnit(unit) }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let watchdog = Task {
            try await Task.sleep(for: .milliseconds(step.timeoutMilliseconds))
            control.stop(.timedOut)
        }
        defer { watchdog.cancel() }
        var options = PlatformOptions()
        options.processGroupID = 0
        do {
            let result = try await Subprocess.run(
                .path(FilePath(argv[0])), arguments: Arguments(Array(argv.dropFirst())),
                environment: environment(step, id: id), workingDirectory: unit == nil ? step.workingDirectory.map { FilePath($0) } : nil,
                platformOptions: options, input: .none, output: .sequence, error: .sequence
            ) { execution in
                control.started(group: execution.processIdentifier.value, onStop: onStop)
                async let output = collect(execution.standardOutput)
                async let errors = collect(execution.standardError)
                return (try await output, try await errors)
            }
            control.exited()
            let (output, errors) = result.closureResult
            return judge(result.terminationStatus, step: step, control: control,
                         duration: clock.now - start, output: output, errors: errors)
        } catch {
            control.exited()
            return StepResult(outcome: .failed(exitCode: nil), durationMilliseconds: milliseconds(clock.now - start),
                              detail: "could not run \(program): \(error)")
        }
    }

    static func collect(_ sequence: SubprocessOutputSequence) async throws -> OutputWindow {
        var window = OutputWindow()
        for try await buffer in sequence {
            buffer.withUnsafeBytes { window.append($0) }
        }
        return window
    }

    static func judge(_ status: TerminationStatus, step: PlanStep, control: StepControl, duration: Duration,
                      output: OutputWindow, errors: OutputWindow) -> StepResult {
        var result = StepResult(outcome: .failed(exitCode: nil), durationMilliseconds: milliseconds(duration),
                                standardOutput: output, standardError: errors)
        switch status {
        case let .exited(code):
            result.exitCode = code
            result.outcome = step.acceptedExitCodes.contains(code) ? .succeeded : .failed(exitCode: code)
        case let .signaled(signal):
            result.signal = signal
        }
        switch control.stopReason {
        case .timedOut: result.outcome = .timedOut
        case .cancelled: result.outcome = .cancelled
        case nil: break
        }
        return result
    }

    /// `systemctl stop` of a step's transient unit, in the background: the signals to the systemd-run
    /// client alone would leave the unit's processes running.
    static func stopUnit(_ unit: TransientUnit) {
        Task {
            _ = try? await Subprocess.run(.path(FilePath(TransientUnit.systemctl)), arguments: Arguments(unit.stopArguments),
                                          output: .discarded, error: .discarded)
        }
    }

    /// The step's environment: a fixed PATH and locale, its own variables, and the attempt's identity.
    static func variables(_ step: PlanStep, id: AttemptID) -> [String: String] {
        var values: [String: String] = ["PATH": basePath, "LANG": "C.UTF-8"]
        values.merge(step.environment) { _, own in own }
        values["NODEAGENT_OPERATION"] = id.operation
        values["NODEAGENT_STEP"] = step.name
        values["NODEAGENT_ATTEMPT"] = String(id.attempt)
        return values
    }

    static func environment(_ step: PlanStep, id: AttemptID) -> Environment {
        var keyed: [Environment.Key: String] = [:]
        for (name, value) in variables(step, id: id) {
            if let key = Environment.Key(rawValue: name) { keyed[key] = value }
        }
        return .custom(keyed)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
