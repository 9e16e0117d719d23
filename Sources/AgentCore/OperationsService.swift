import Actions
import Foundation
import Synchronization
import Logging
import Mesh
import Operations
import Quorum
import Wire

/// Fleet operations in the agent: the node side (`NodeOperations`) on every node, the conductor
/// (`OperationDriver`) wherever the coordinator is, and what the admin API asks of them.
final class OperationsService: Sendable {
    let nodes: NodeOperations
    let driver: OperationDriver
    private let quorum: QuorumDriver
    private let mesh: Mesh
    private let logger: Logger
    /// `op logs` requests waiting for a node's answer, by token.
    private let fetches = Mutex<[UInt64: CheckedContinuation<StepResult?, Never>]>([:])
    private let nextToken = Atomic<UInt64>(1)

    init(dataDirectory: String, me: String, quorum: QuorumDriver, mesh: Mesh, logger: Logger) throws(AgentError) {
        nodes = try NodeOperations(directory: dataDirectory + "/operations", me: me, loop: mesh.eventLoop, logger: logger)
        driver = OperationDriver(quorum: quorum, nodes: nodes, mesh: mesh, logger: logger, me: me)
        self.quorum = quorum
        self.mesh = mesh
        self.logger = logger
    }

    func start() { driver.start() }
    func stop() { driver.stop() }

    /// An `operation` frame from `from` (on the event loop): a request for this node, or an answer
    /// for the conductor here.
    func receive(_ frame: Frame, from: String) {
        guard let envelope = try? WireCodec.decode(OperationEnvelope.self, from: frame) else { return }
        switch envelope {
        case .report, .gateResult:
            driver.receive(envelope)
        case let .fetched(token, result):
            let waiter = fetches.withLock { $0.removeValue(forKey: token) }
            waiter?.resume(returning: result)
        case .run, .query, .cancel, .gate, .fetch:
            let mesh = self.mesh
            nodes.handle(envelope) { answer in
                mesh.eventLoop.execute {
                    if let reply = try? WireCodec.frame(.operation, answer) { _ = mesh.send(reply, to: from) }
                }
            }
        }
    }

    // MARK: Admin

    /// The full result of an attempt, from its node's journal (nil: no result, or no answer in 5 s).
    func fetch(_ id: AttemptID) async -> StepResult? {
        if id.node == nodes.me { return await nodes.executor.result(id) }
        let token = nextToken.add(1, ordering: .relaxed).newValue
        guard let frame = try? WireCodec.frame(.operation, OperationEnvelope.fetch(id, token: token)) else { return nil }
        return await withCheckedContinuation { continuation in
            fetches.withLock { $0[token] = continuation }
            let mesh = self.mesh
            mesh.eventLoop.execute { _ = mesh.send(frame, to: id.node) }
            Task {
                try? await Task.sleep(for: .seconds(5))
                self.expireFetch(token)
            }
        }
    }

    private func expireFetch(_ token: UInt64) {
        fetches.withLock { $0.removeValue(forKey: token) }?.resume(returning: nil)
    }

    /// `op logs`: every attempt of the operation (of one node, one step), with what its node kept.
    func logs(id: String, node: String?, step: String?) async -> Result<[AttemptLog], AgentError> {
        guard let operation = await quorum.fleetState().fleetOperations[id] else { return .failure(.config("no operation named \(id)")) }
        let steps = operation.rollout.plan.steps + operation.rollout.plan.onFailure
        let attempts = operation.progress.started.filter { attempt in
            (node == nil || attempt.node == node) && (step == nil || steps.indices.contains(attempt.step) && steps[attempt.step].name == step)
        }.sorted { ($0.node, $0.step, $0.attempt) < ($1.node, $1.step, $1.attempt) }
        var logs: [AttemptLog] = []
        for attempt in attempts {
            let name = steps.indices.contains(attempt.step) ? steps[attempt.step].name : "step \(attempt.step + 1)"
            logs.append(AttemptLog(attempt, stepName: name, recorded: operation.progress.outcomes[attempt], result: await fetch(attempt)))
        }
        return .success(logs)
    }

    func start(_ rollout: Rollout, id: String, admin: String) async -> CommitResult {
        let state = await quorum.fleetState()
        if state.fleetOperations[id] != nil { return .rejected(reason: "an operation named \(id) exists already") }
        if let running = state.fleetOperations.values.first(where: { !$0.progress.status.isTerminal }) {
            return .rejected(reason: "operation \(running.id) is still \(OperationReport(running).status); wait for it, or cancel it first")
        }
        let result = await submitApplied(.startOperation(id: id, rollout: rollout, admin: admin))
        var metadata: Logger.Metadata = ["event": "op_started", "op": "\(id)", "admin": "\(admin)", "plan": "\(rollout.plan.name)",
                                         "nodes": "\(rollout.nodeCount)"]
        if case let .rejected(reason) = result { metadata["event"] = "op_refused"; metadata["reason"] = "\(reason)" }
        logger.notice("operation \(id) (\(rollout.plan.name), \(rollout.nodeCount) nodes) by \(admin): \(result)", metadata: metadata)
        return result
    }

    func reports(id: String?) async -> [OperationReport] {
        let operations = await quorum.fleetState().fleetOperations.values.sorted { $0.startIndex < $1.startIndex }
        return operations.filter { id == nil || $0.id == id }.map(OperationReport.init)
    }

    /// pause / cancel: a record any node may commit; the coordinator's conductor reads it.
    func command(_ record: OperationRecord, id: String, admin: String) async -> CommitResult {
        guard let operation = await quorum.fleetState().fleetOperations[id] else { return .rejected(reason: "no operation named \(id)") }
        guard !operation.progress.status.isTerminal else { return .rejected(reason: "operation \(id) has ended (\(OperationReport(operation).status))") }
        logger.notice("operation \(id): \(record) by \(admin)", metadata: ["event": "op_command", "op": "\(id)", "admin": "\(admin)", "command": "\(record)"])
        return await submitApplied(.recordOperation(id: id, record: record))
    }

    /// Commits `command` and returns once this node has applied it too, so that the caller's next
    /// query here already sees it.
    private func submitApplied(_ command: FleetCommand) async -> CommitResult {
        let result = await quorum.submit(command)
        if case let .committed(index, _) = result { _ = await quorum.waitApplied(index, timeout: .seconds(5)) }
        return result
    }

    /// resume: the operator's decision (if the halt needs one) and the resume, in that order.
    func resume(id: String, decision: OperatorDecision?, admin: String) async -> CommitResult {
        guard let operation = await quorum.fleetState().fleetOperations[id] else { return .rejected(reason: "no operation named \(id)") }
        var conductor = OperationConductor(operation: id, rollout: operation.rollout, records: operation.records, now: .zero)
        let records: [OperationRecord]
        do {
            records = try conductor.resume(decision: decision).compactMap {
                if case let .record(record) = $0 { return record }
                return nil
            }
        } catch {
            return .rejected(reason: error.description)
        }
        var result = CommitResult.rejected(reason: "nothing to resume")
        for record in records {
            result = await submitApplied(.recordOperation(id: id, record: record))
            if case .rejected = result { return result }
        }
        logger.notice("operation \(id) resumed by \(admin)", metadata: ["event": "op_resumed", "op": "\(id)", "admin": "\(admin)",
                                                                       "decision": "\(decision.map { "\($0)" } ?? "none")"])
        return result
    }
}
