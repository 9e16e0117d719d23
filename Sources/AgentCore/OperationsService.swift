import Foundation
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
        case .run, .query, .cancel, .gate:
            let mesh = self.mesh
            nodes.handle(envelope) { answer in
                mesh.eventLoop.execute {
                    if let reply = try? WireCodec.frame(.operation, answer) { _ = mesh.send(reply, to: from) }
                }
            }
        }
    }

    // MARK: Admin

    func start(_ rollout: Rollout, id: String, admin: String) async -> CommitResult {
        let state = await quorum.fleetState()
        if state.fleetOperations[id] != nil { return .rejected(reason: "an operation named \(id) exists already") }
        if let running = state.fleetOperations.values.first(where: { !$0.progress.status.isTerminal }) {
            return .rejected(reason: "operation \(running.id) is still \(OperationReport(running).status); wait for it, or cancel it first")
        }
        let result = await quorum.submit(.startOperation(id: id, rollout: rollout, admin: admin))
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
        return await quorum.submit(.recordOperation(id: id, record: record))
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
            result = await quorum.submit(.recordOperation(id: id, record: record))
            if case .rejected = result { return result }
        }
        logger.notice("operation \(id) resumed by \(admin)", metadata: ["event": "op_resumed", "op": "\(id)", "admin": "\(admin)",
                                                                       "decision": "\(decision.map { "\($0)" } ?? "none")"])
        return result
    }
}
