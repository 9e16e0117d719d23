import Diagnose
import Foundation
import Synchronization

/// The I/O side of `nodeagent diagnose`: reads what each check needs and hands the text to its pure
/// evaluator. All checks run side by side; each is bounded by `timeout` — one that takes longer is
/// reported `unknown` ("did not finish") and no longer waited for. A check still stuck from an
/// earlier run is not started again, so a hanging source costs one thread, not one per diagnose.
public final class DiagnosticShell: Sendable {
    private let timeout: Duration
    /// Checks whose work has not returned yet, across runs.
    private let running = Mutex<Set<String>>([])

    public init(timeout: Duration = .milliseconds(Int(DiagnosticThresholds.checkTimeoutSeconds * 1000))) {
        self.timeout = timeout
    }

    /// Runs every check of the catalogue and returns their findings in catalogue order.
    public func run(_ context: DiagnosticContext) async -> DiagnosticReport {
        let started = ContinuousClock.now
        let at = Date()
        let jobs = Self.jobs(context, now: at)
        let findings = await withTaskGroup(of: (Int, Finding).self) { group in
            for (index, name) in DiagnosticCatalogue.names.enumerated() {
                group.addTask {
                    if context.skip.contains(name) {
                        return (index, .unknown(name, "skipped: listed in \(DiagnosticContext.skipVariable)"))
                    }
                    guard let job = jobs[name] else { return (index, .unknown(name, "no shell for this check")) }
                    return (index, await self.bounded(name, job))
                }
            }
            var found: [(Int, Finding)] = []
            for await result in group { found.append(result) }
            return found.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let elapsed = ContinuousClock.now - started
        return DiagnosticReport(node: context.node, findings: findings, at: at,
                                elapsedMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Runs one check's work beside a timer; the first to finish answers.
    func bounded(_ name: String, _ job: @escaping @Sendable () async -> Finding) async -> Finding {
        let alreadyRunning = running.withLock { running in !running.insert(name).inserted }
        if alreadyRunning {
            return .unknown(name, "not run: the same check from an earlier diagnose is still stuck",
                            remedy: "Its source does not answer; see the earlier run's evidence, and restart the agent if it persists.")
        }
        let answer = Answer()
        let timeout = self.timeout
        return await withCheckedContinuation { continuation in
            answer.set(continuation)
            let timer = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                answer.resume(.unknown(name, "did not finish within \(timeout); not waited for",
                                       remedy: "The source this check reads hangs (a stuck /proc read, a resolver that never answers); run the check's command by hand to see where."))
            }
            Task {
                let finding = await job()
                self.running.withLock { _ = $0.remove(name) }
                timer.cancel()
                answer.resume(finding)
            }
        }
    }

    /// The one continuation of a bounded check, resumed by whichever of the work and the timer ends first.
    private final class Answer: Sendable {
        private let state = Mutex<CheckedContinuation<Finding, Never>?>(nil)

        func set(_ continuation: CheckedContinuation<Finding, Never>) {
            state.withLock { $0 = continuation }
        }

        @discardableResult
        func resume(_ finding: Finding) -> Bool {
            guard let continuation = state.withLock({ state in defer { state = nil }; return state }) else { return false }
            continuation.resume(returning: finding)
            return true
        }
    }
}
