import Foundation

/// Answers a probe at its deadline or on cancellation even when the work under it cannot be
/// interrupted (a blocking sd-bus call, a NIO connect future). The work goes on in the background
/// until its own, equally bounded timeout ends it; only its answer is dropped.
final class ProbeRace: @unchecked Sendable {
    private enum State {
        case starting(early: ProbeResult?)
        case waiting(CheckedContinuation<ProbeResult, Never>)
        case finished
    }

    private let lock = NSLock()
    private var state = State.starting(early: nil)
    private var tasks: [Task<Void, Never>] = []

    /// The first of: `work`'s answer, `stopped(budget.timedOutText)` at the deadline, or
    /// `stopped("cancelled")` when the calling task is cancelled.
    static func run(budget: ProbeBudget,
                    work: @escaping @Sendable () async -> ProbeResult,
                    stopped: @escaping @Sendable (String) -> ProbeResult) async -> ProbeResult {
        let race = ProbeRace()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.wait(continuation)
                race.add(Task { race.finish(await work()) })
                race.add(Task {
                    guard (try? await Task.sleep(until: budget.end, clock: .continuous)) != nil else { return }
                    race.finish(stopped(budget.timedOutText))
                })
            }
        } onCancel: {
            race.finish(stopped("cancelled"))
        }
    }

    private func wait(_ continuation: CheckedContinuation<ProbeResult, Never>) {
        lock.lock()
        guard case .starting(let early) = state else { return lock.unlock() }
        guard let early else {
            state = .waiting(continuation)
            return lock.unlock()
        }
        state = .finished
        lock.unlock()
        continuation.resume(returning: early)
    }

    private func add(_ task: Task<Void, Never>) {
        lock.lock()
        let done: Bool
        if case .finished = state { done = true } else { done = false; tasks.append(task) }
        lock.unlock()
        if done { task.cancel() }
    }

    private func finish(_ result: ProbeResult) {
        lock.lock()
        switch state {
        case .starting(nil):
            state = .starting(early: result)
            lock.unlock()
        case .waiting(let continuation):
            state = .finished
            let running = tasks
            tasks = []
            lock.unlock()
            continuation.resume(returning: result)
            running.forEach { $0.cancel() }
        case .starting, .finished:
            lock.unlock()
        }
    }
}
