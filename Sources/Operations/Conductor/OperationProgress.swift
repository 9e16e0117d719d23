/// The operation's state as the committed records say, and nothing else: folding the same records
/// gives the same progress on every coordinator. Duplicated records change nothing; of two finishes
/// of one attempt the first counts.
public struct OperationProgress: Hashable, Sendable {
    public private(set) var started: Set<AttemptID> = []
    public private(set) var outcomes: [AttemptID: StepOutcome] = [:]
    public private(set) var decisions: [AttemptID: OperatorDecision] = [:]
    public private(set) var actionsDone: [String: Set<Int>] = [:]
    public private(set) var failed: [String: String] = [:]
    public private(set) var skipped: [String: String] = [:]
    public private(set) var afterDone: Set<[Int]> = []
    public private(set) var paused = false
    public private(set) var halted: String?
    public private(set) var cancelRequested = false
    public private(set) var cancelled = false
    public private(set) var finished = false

    public init(records: [OperationRecord] = []) {
        for record in records { apply(record) }
    }

    public mutating func apply(_ record: OperationRecord) {
        switch record {
        case let .stepStarting(id): started.insert(id)
        case let .stepFinished(id, outcome): if outcomes[id] == nil { outcomes[id] = outcome }
        case let .actionDone(node, action): actionsDone[node, default: []].insert(action)
        case let .nodeFailed(node, reason): if failed[node] == nil { failed[node] = reason }
        case let .nodeSkipped(node, reason): if skipped[node] == nil { skipped[node] = reason }
        case let .afterDone(batch, move): afterDone.insert([batch, move])
        case .paused: paused = true
        case .resumed: (paused, halted) = (false, nil)
        case let .decided(id, decision): decisions[id] = decision
        case let .halted(reason): halted = reason
        case .cancelRequested: cancelRequested = true
        case .cancelled: cancelled = true
        case .finished: finished = true
        }
    }

    public var status: OperationStatus {
        if cancelled { return .cancelled }
        if finished { return .finished }
        if let halted { return .halted(reason: halted) }
        return paused ? .paused : .running
    }

    /// The highest attempt of `step` on `node` that was recorded as starting (0: none).
    public func lastAttempt(operation: String, node: String, step: Int) -> Int {
        var attempt = 0
        while started.contains(AttemptID(operation: operation, node: node, step: step, attempt: attempt + 1)) { attempt += 1 }
        return attempt
    }

    public var failureCount: Int { failed.count }
}
