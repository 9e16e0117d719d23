/// Where one step of one node stands, derived from the records and the step's own rules.
enum StepProgress: Hashable, Sendable {
    case notStarted
    /// Recorded as starting; no outcome yet.
    case inFlight(Int)
    case succeeded
    /// Out of attempts: the node's turn has failed.
    case failed(StepOutcome)
    /// Start this attempt next.
    case retry(Int)
    /// Not idempotent and its outcome is unknown: only the operator may say what happens.
    case needsDecision(Int)

    /// Unknown outcomes of an idempotent step re-run up to this many times beyond its retries.
    static let unknownAllowance = 2

    static func of(_ step: PlanStep, id base: AttemptID, in progress: OperationProgress) -> StepProgress {
        let last = progress.lastAttempt(operation: base.operation, node: base.node, step: base.step)
        guard last > 0 else { return .notStarted }
        var id = base
        id.attempt = last
        switch progress.decisions[id] {
        case .skipStep: return .succeeded
        case .retryStep: return .retry(last + 1)
        case nil: break
        }
        guard let outcome = progress.outcomes[id] else { return .inFlight(last) }
        return judge(outcome, step: step, attempt: last)
    }

    static func judge(_ outcome: StepOutcome, step: PlanStep, attempt: Int) -> StepProgress {
        switch outcome {
        case .succeeded:
            return .succeeded
        case .failed:
            return attempt <= step.retries ? .retry(attempt + 1) : .failed(outcome)
        case .timedOut:
            return step.idempotent && attempt <= step.retries ? .retry(attempt + 1) : .failed(outcome)
        case .cancelled:
            return .failed(outcome)
        case .unknown:
            guard step.idempotent else { return .needsDecision(attempt) }
            return attempt <= step.retries + unknownAllowance ? .retry(attempt + 1) : .failed(outcome)
        }
    }
}
