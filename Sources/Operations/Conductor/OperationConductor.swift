/// Carries out a rollout on the coordinator. Pure: reports and time go in, directives come out; the
/// driver commits records, moves VIPs and talks to nodes.
///
/// Everything it knows lasting is in the committed records (`OperationProgress`); the rest is who
/// it is waiting for. So a new coordinator builds a conductor from the same records and continues:
/// an attempt recorded as starting is ASKED about (the node's journal knows), never started again;
/// an attempt whose outcome cannot be learned is re-run only if the step is idempotent, else the
/// operation halts for the operator. Two members of a group are never worked on at once, because
/// batches come from `RolloutPlanner` and a node whose group lost a member to failure is skipped.
public struct OperationConductor: Sendable {
    public let operation: String
    public let rollout: Rollout
    public private(set) var progress: OperationProgress
    let timeouts: ConductorTimeouts
    var now: Duration
    var waiting: [Wait: Duration] = [:]
    /// Attempts this conductor recorded as starting and has not asked the node to run yet.
    var toRun: Set<AttemptID> = []
    /// Since when each attempt's node has not answered.
    var silentSince: [AttemptID: Duration] = [:]
    /// Moves and gates reported done, not yet recorded. Kept until the record is applied, so that a
    /// move or gate is not asked for again while its record commits.
    var movesDone: Set<VIPMove> = []
    var gatesPassed: Set<String> = []
    var out: [ConductorDirective] = []

    enum Wait: Hashable {
        case record(OperationRecord)
        case move(VIPMove)
        case run(AttemptID)
        case query(AttemptID)
        case gate(String)
        case cancel(AttemptID)
    }

    /// A conductor for `rollout`, carrying on from `records` (empty for a new operation).
    public init(operation: String, rollout: Rollout, records: [OperationRecord] = [], now: Duration,
                timeouts: ConductorTimeouts = ConductorTimeouts()) {
        self.operation = operation
        self.rollout = rollout
        self.progress = OperationProgress(records: records)
        self.timeouts = timeouts
        self.now = now
    }

    public var status: OperationStatus { progress.status }

    // MARK: Inputs

    /// Starts or resumes: the first directives.
    public mutating func start() -> [ConductorDirective] {
        advance()
        return drain()
    }

    /// Re-asks whatever was not answered in time, then advances.
    public mutating func onTick(now: Duration) -> [ConductorDirective] {
        self.now = max(self.now, now)
        for (wait, deadline) in waiting.sorted(by: { $0.value < $1.value }) where deadline <= self.now {
            expired(wait)
        }
        advance()
        return drain()
    }

    /// A record this conductor proposed (or another did) is committed.
    public mutating func onRecorded(_ record: OperationRecord) -> [ConductorDirective] {
        if waiting.removeValue(forKey: .record(record)) != nil, case let .stepStarting(id) = record {
            toRun.insert(id)
        }
        progress.apply(record)
        forgetRecorded(record)
        advance()
        return drain()
    }

    public mutating func onMoveDone(_ move: VIPMove, succeeded: Bool, detail: String) -> [ConductorDirective] {
        guard waiting.removeValue(forKey: .move(move)) != nil else { return drain() }
        if succeeded {
            movesDone.insert(move)
        } else {
            propose(.halted(reason: "could not \(move): \(detail); the VIP stays where it is — fix that, then op resume"))
        }
        advance()
        return drain()
    }

    public mutating func onAttemptReport(_ id: AttemptID, _ report: AttemptReport) -> [ConductorDirective] {
        silentSince[id] = nil
        waiting[.run(id)] = nil
        waiting[.query(id)] = nil
        switch report {
        case .neverStarted:
            if isCurrent(id), progress.outcomes[id] == nil, progress.started.contains(id) { toRun.insert(id) }
        case .running:
            waiting[.query(id)] = now + timeouts.answer
            silentSince[id] = now
        case let .finished(outcome):
            waiting[.cancel(id)] = nil
            if progress.outcomes[id] == nil { propose(.stepFinished(id, outcome)) }
        }
        advance()
        return drain()
    }

    public mutating func onGate(node: String, passed: Bool, detail: String) -> [ConductorDirective] {
        guard waiting.removeValue(forKey: .gate(node)) != nil else { return drain() }
        if passed {
            gatesPassed.insert(node)
        } else {
            propose(.nodeFailed(node: node, reason: "health gate: \(detail)"))
        }
        advance()
        return drain()
    }

    /// A move or gate whose record is applied needs no noting any more.
    mutating func forgetRecorded(_ record: OperationRecord) {
        switch record {
        case let .actionDone(node, action):
            guard let work = rollout.batches.lazy.flatMap(\.nodes).first(where: { $0.node == node }) else { return }
            let actions = Self.actions(of: work)
            guard actions.indices.contains(action) else { return }
            switch actions[action] {
            case let .move(move): movesDone.remove(move)
            case .gate: gatesPassed.remove(node)
            case .step: break
            }
        case let .afterDone(batch, position):
            guard rollout.batches.indices.contains(batch), rollout.batches[batch].after.indices.contains(position) else { return }
            movesDone.remove(rollout.batches[batch].after[position])
        default:
            break
        }
    }

    // MARK: Operator

    public mutating func pause() -> [ConductorDirective] {
        if status == .running { propose(.paused) }
        return drain()
    }

    public mutating func cancel() -> [ConductorDirective] {
        if !status.isTerminal, !progress.cancelRequested { propose(.cancelRequested) }
        return drain()
    }

    /// Resumes a paused or halted operation. A halt on a step whose outcome is unknown needs the
    /// operator's `decision`; without one the resume is refused with what to say.
    public mutating func resume(decision: OperatorDecision? = nil) throws(ConductorError) -> [ConductorDirective] {
        switch status {
        case .running: throw .notHalted
        case .cancelled, .finished: throw .ended(status)
        case .paused, .halted: break
        }
        if let id = pendingDecision() {
            guard let decision else { throw .decisionNeeded(id, stepName: stepName(id)) }
            propose(.decided(id, decision))
        }
        propose(.resumed)
        return drain()
    }

    // MARK: Plumbing

    mutating func drain() -> [ConductorDirective] {
        defer { out.removeAll() }
        return out
    }

    /// Emits the directive for `wait` unless it is already awaited.
    mutating func want(_ wait: Wait, _ directive: ConductorDirective, within: Duration) {
        guard waiting[wait] == nil else { return }
        waiting[wait] = now + within
        out.append(directive)
    }

    mutating func propose(_ record: OperationRecord) {
        want(.record(record), .record(record), within: timeouts.record)
    }
}
