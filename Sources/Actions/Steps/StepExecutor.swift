import Foundation
import Operations

/// The node side of fleet operations: runs attempts the coordinator asks for, each at most once,
/// and answers what became of any attempt from its durable journal.
///
/// - `run` of an id the journal has seen starts nothing: it answers the journal's state.
/// - `run` while another attempt of the same step is running starts nothing (answers
///   `neverStarted`; the coordinator asks again later).
/// - An attempt started before the agent stopped, with no end in the journal, is `unknown`.
/// - `cancel` of an attempt not started yet writes that down, so it never starts.
public actor StepExecutor {
    let journal: AttemptJournal
    var running: [AttemptID: StepControl] = [:]
    var finishedHere: [AttemptID: Task<Void, Never>] = [:]

    /// Opens the journal at `journalPath` (creating its file, not its directory).
    public init(journalPath: String) throws(StepError) {
        journal = try AttemptJournal(path: journalPath)
    }

    /// Starts `id` unless it was ever started, cancelled, or another attempt of the step is running.
    public func run(_ id: AttemptID, _ step: PlanStep) throws(StepError) -> AttemptReport {
        if journal.states[id] != nil { return report(id) }
        if running.keys.contains(where: { $0.operation == id.operation && $0.node == id.node && $0.step == id.step }) {
            return .neverStarted
        }
        try journal.append(.started(id, unixMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        let control = StepControl()
        running[id] = control
        finishedHere[id] = Task { [weak self] in
            let result = await StepProcess.run(step, id: id, control: control)
            await self?.finish(id, result)
        }
        return .running
    }

    /// What the journal says about `id`.
    public func report(_ id: AttemptID) -> AttemptReport {
        switch journal.states[id] {
        case nil: return .neverStarted
        case .started: return running[id] == nil ? .finished(.unknown) : .running
        case let .finished(result): return .finished(result.outcome)
        case .cancelledBeforeStart: return .finished(.cancelled)
        }
    }

    /// The full result of a finished attempt (exit code, duration, output), for `op logs`.
    public func result(_ id: AttemptID) -> StepResult? {
        if case let .finished(result) = journal.states[id] { return result }
        return nil
    }

    /// Cancels `id`: stops its process group if it runs, or makes sure it never starts.
    public func cancel(_ id: AttemptID) throws(StepError) -> AttemptReport {
        if let control = running[id] {
            control.stop(.cancelled)
            return .running
        }
        if journal.states[id] == nil { try journal.append(.cancelledBeforeStart(id)) }
        return report(id)
    }

    /// Waits until `id` has ended, if it runs here (for tests and an orderly stop).
    public func waitUntilEnded(_ id: AttemptID) async {
        await finishedHere[id]?.value
    }

    func finish(_ id: AttemptID, _ result: StepResult) {
        running[id] = nil
        // A journal that can no longer be written leaves the attempt `started`: reported as unknown,
        // which is the truth as far as a later agent can know.
        try? journal.append(.finished(id, result))
    }
}
