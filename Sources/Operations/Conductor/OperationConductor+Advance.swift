/// Deciding the next directives from the records: batch by batch, node by node, action by action.
extension OperationConductor {
    enum NodeAction: Hashable {
        case move(VIPMove)
        case step(Int)
        case gate
    }

    static func actions(of work: NodeWork) -> [NodeAction] {
        work.before.map(NodeAction.move) + work.steps.indices.map(NodeAction.step) + [.gate]
    }

    mutating func advance() {
        let status = progress.status
        guard !status.isTerminal else { return }
        if progress.cancelRequested {
            advanceCancel()
            return
        }
        guard status == .running else { return }
        if progress.failureCount > rollout.plan.strategy.maxFailures {
            // The failed nodes' on_failure steps (restore the backup) run before the operation halts:
            // a halt must not leave a node stopped half-way for the operator to find.
            var restored = true
            for work in rollout.batches.flatMap(\.nodes) where progress.failed[work.node] != nil {
                if !advanceOnFailure(work) { restored = false }
            }
            if restored { propose(.halted(reason: failureSummary())) }
            return
        }
        guard let index = rollout.batches.indices.first(where: { !batchComplete($0) }) else {
            propose(.finished)
            return
        }
        var settled = true
        for work in rollout.batches[index].nodes where !advanceNode(work) { settled = false }
        if settled { advanceAfter(batch: index) }
    }

    // MARK: Batches

    func batchComplete(_ index: Int) -> Bool {
        let batch = rollout.batches[index]
        return batch.nodes.allSatisfy(nodeSettled) && batch.after.indices.allSatisfy { progress.afterDone.contains([index, $0]) }
    }

    func nodeSettled(_ work: NodeWork) -> Bool {
        if progress.skipped[work.node] != nil { return true }
        if progress.failed[work.node] != nil { return onFailureSettled(work) }
        return Self.actions(of: work).enumerated().allSatisfy { actionDone($0.offset, $0.element, work) }
    }

    mutating func advanceAfter(batch index: Int) {
        for (position, move) in rollout.batches[index].after.enumerated() where !progress.afterDone.contains([index, position]) {
            if movesDone.contains(move) || targetsOutOfService(move) {
                propose(.afterDone(batch: index, move: position))
            } else {
                want(.move(move), .moveVIP(move), within: timeouts.move)
            }
            return
        }
    }

    /// A hand-back to a member that failed or was skipped is not made: the VIP stays in service.
    func targetsOutOfService(_ move: VIPMove) -> Bool {
        guard case let .handOver(_, _, to) = move else { return false }
        return progress.failed[to] != nil || progress.skipped[to] != nil
    }

    // MARK: One node

    /// Drives `work` one action further; true when its turn is over (done, failed and restored, skipped).
    mutating func advanceNode(_ work: NodeWork) -> Bool {
        if progress.skipped[work.node] != nil { return true }
        if progress.failed[work.node] != nil { return advanceOnFailure(work) }
        if !hasBegun(work), let reason = peerFailure(work) {
            propose(.nodeSkipped(node: work.node, reason: reason))
            return false
        }
        for (index, action) in Self.actions(of: work).enumerated() where !actionDone(index, action, work) {
            drive(index, action, work)
            return false
        }
        return true
    }

    func actionDone(_ index: Int, _ action: NodeAction, _ work: NodeWork) -> Bool {
        switch action {
        case .move, .gate:
            return progress.actionsDone[work.node]?.contains(index) == true
        case let .step(step):
            return StepProgress.of(work.steps[step], id: attempt(work, step, 0), in: progress) == .succeeded
        }
    }

    mutating func drive(_ index: Int, _ action: NodeAction, _ work: NodeWork) {
        switch action {
        case let .move(move):
            if movesDone.contains(move) {
                propose(.actionDone(node: work.node, action: index))
            } else {
                want(.move(move), .moveVIP(move), within: timeouts.move)
            }
        case let .step(step):
            driveStep(work.steps[step], attempt(work, step, 0), onFailure: false)
        case .gate:
            if rollout.plan.health.isNone || gatesPassed.contains(work.node) {
                propose(.actionDone(node: work.node, action: index))
            } else {
                let gate = rollout.plan.health
                want(.gate(work.node), .awaitGate(node: work.node, gate: gate),
                     within: .milliseconds(gate.deadlineMilliseconds) + timeouts.gateSlack)
            }
        }
    }

    func hasBegun(_ work: NodeWork) -> Bool {
        !(progress.actionsDone[work.node] ?? []).isEmpty
            || progress.lastAttempt(operation: operation, node: work.node, step: 0) > 0
    }

    /// The reason to leave `work` untouched: a member of one of its groups failed or was skipped.
    func peerFailure(_ work: NodeWork) -> String? {
        guard !rollout.plan.vip.leaveVIPs else { return nil }
        for batch in rollout.batches {
            for other in batch.nodes where other.node != work.node && !Set(other.groups).isDisjoint(with: work.groups) {
                if let reason = progress.failed[other.node] ?? progress.skipped[other.node] {
                    return "\(other.node), in the same group, failed (\(reason)); this node stays in service"
                }
            }
        }
        return nil
    }

    // MARK: on_failure

    func onFailureSettled(_ work: NodeWork) -> Bool {
        for (offset, step) in work.onFailure.enumerated() {
            switch StepProgress.of(step, id: attempt(work, work.steps.count + offset, 0), in: progress) {
            case .succeeded: continue
            case .failed, .needsDecision: return true
            case .notStarted, .inFlight, .retry: return false
            }
        }
        return true
    }

    /// Runs the node's on_failure steps in order; a failing one ends them (the node stays failed).
    mutating func advanceOnFailure(_ work: NodeWork) -> Bool {
        for (offset, step) in work.onFailure.enumerated() {
            let id = attempt(work, work.steps.count + offset, 0)
            switch StepProgress.of(step, id: id, in: progress) {
            case .succeeded: continue
            case .failed, .needsDecision: return true
            case .notStarted, .inFlight, .retry:
                driveStep(step, id, onFailure: true)
                return false
            }
        }
        return true
    }

    // MARK: Steps

    func attempt(_ work: NodeWork, _ step: Int, _ number: Int) -> AttemptID {
        AttemptID(operation: operation, node: work.node, step: step, attempt: number)
    }

    mutating func driveStep(_ step: PlanStep, _ base: AttemptID, onFailure: Bool) {
        var id = base
        switch StepProgress.of(step, id: base, in: progress) {
        case .notStarted:
            id.attempt = 1
            propose(.stepStarting(id))
        case let .retry(number):
            id.attempt = number
            propose(.stepStarting(id))
        case let .inFlight(number):
            id.attempt = number
            follow(id, step)
        case let .failed(outcome):
            if !onFailure { propose(.nodeFailed(node: id.node, reason: "step \(step.name): \(outcome)")) }
        case let .needsDecision(number):
            id.attempt = number
            if !onFailure { propose(.halted(reason: ConductorError.decisionNeeded(id, stepName: step.name).description)) }
        case .succeeded:
            break
        }
    }

    /// An attempt recorded as starting: run it if this conductor recorded it, else ask the node.
    mutating func follow(_ id: AttemptID, _ step: PlanStep) {
        guard waiting[.run(id)] == nil, waiting[.query(id)] == nil else { return }
        if toRun.remove(id) != nil {
            want(.run(id), .runStep(id, step), within: timeouts.answer)
        } else {
            want(.query(id), .queryAttempt(id), within: timeouts.answer)
        }
        if silentSince[id] == nil { silentSince[id] = now }
    }

    func isCurrent(_ id: AttemptID) -> Bool {
        progress.lastAttempt(operation: id.operation, node: id.node, step: id.step) == id.attempt
    }

    // MARK: Timeouts

    mutating func expired(_ wait: Wait) {
        waiting[wait] = nil
        switch wait {
        case let .record(record): propose(record)
        case let .move(move): want(.move(move), .moveVIP(move), within: timeouts.move)
        case let .run(id), let .query(id): askAgain(id)
        case let .gate(node): gatesPassed.remove(node)  // re-issued by advance
        case let .cancel(id): want(.cancel(id), .cancelStep(id), within: timeouts.answer)
        }
    }

    /// No answer about `id`: ask again, or, once the node has been silent past the step's timeout
    /// and the unreachable bound, record the outcome as unknown.
    mutating func askAgain(_ id: AttemptID) {
        guard progress.outcomes[id] == nil else { return }
        let limit = .milliseconds(step(id)?.timeoutMilliseconds ?? 0) + timeouts.unreachable
        if let since = silentSince[id], now - since >= limit {
            silentSince[id] = nil
            propose(.stepFinished(id, .unknown))
        } else {
            want(.query(id), .queryAttempt(id), within: timeouts.answer)
        }
    }

    func step(_ id: AttemptID) -> PlanStep? {
        guard let work = rollout.batches.lazy.flatMap(\.nodes).first(where: { $0.node == id.node }) else { return nil }
        if id.step < work.steps.count { return work.steps[id.step] }
        let offset = id.step - work.steps.count
        return offset < work.onFailure.count ? work.onFailure[offset] : nil
    }

    func stepName(_ id: AttemptID) -> String { step(id)?.name ?? "step \(id.step + 1)" }

    // MARK: Halts and cancel

    func pendingDecision() -> AttemptID? {
        for work in rollout.batches.flatMap(\.nodes) {
            for (index, step) in (work.steps + work.onFailure).enumerated() {
                if case let .needsDecision(number) = StepProgress.of(step, id: attempt(work, index, 0), in: progress) {
                    return attempt(work, index, number)
                }
            }
        }
        return nil
    }

    func failureSummary() -> String {
        let failures = progress.failed.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\(onFailureNote($0.key))" }
        return "\(progress.failureCount) node(s) failed, more than max_failures (\(rollout.plan.strategy.maxFailures)): "
            + failures.joined(separator: "; ")
    }

    /// How a failed node's on_failure steps ended, for the operator reading the halt's reason.
    func onFailureNote(_ node: String) -> String {
        guard let work = rollout.batches.lazy.flatMap(\.nodes).first(where: { $0.node == node }), !work.onFailure.isEmpty else { return "" }
        for (offset, step) in work.onFailure.enumerated() {
            switch StepProgress.of(step, id: attempt(work, work.steps.count + offset, 0), in: progress) {
            case .succeeded: continue
            case let .failed(outcome): return " (on_failure step \(step.name) \(outcome): the node is as that left it)"
            case .needsDecision: return " (on_failure step \(step.name): outcome unknown)"
            case .notStarted, .inFlight, .retry: return " (on_failure steps not finished)"
            }
        }
        return " (on_failure steps succeeded)"
    }

    /// Cancel: every attempt still in flight is cancelled on its node; once none is, the operation ends.
    mutating func advanceCancel() {
        let open = progress.started.filter { progress.outcomes[$0] == nil }
        for id in open.sorted(by: { $0.description < $1.description }) {
            want(.cancel(id), .cancelStep(id), within: timeouts.answer)
            if waiting[.query(id)] == nil, waiting[.run(id)] == nil {
                want(.query(id), .queryAttempt(id), within: timeouts.answer)
                if silentSince[id] == nil { silentSince[id] = now }
            }
        }
        if open.isEmpty { propose(.cancelled) }
    }
}
