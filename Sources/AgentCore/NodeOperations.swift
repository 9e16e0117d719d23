import Actions
import Foundation
import Logging
import NIOCore
import Operations

/// The node side of fleet operations: runs the attempts the coordinator asks for through the
/// `StepExecutor` (journal in `dataDirectory/operations`), answers queries from it, and watches its
/// own checks for a health gate. Answers go back through `reply`, to whoever asked. Gate watching is
/// confined to the mesh's event loop; the executor is an actor.
final class NodeOperations: @unchecked Sendable {
    typealias Reply = @Sendable (OperationEnvelope) -> Void

    let executor: StepExecutor
    private let loop: any EventLoop
    private let logger: Logger
    let me: String
    /// This node's checks as they stand (nil: the node runs no checks). Read on the event loop.
    var health: (() -> HealthSummary?)?
    /// The directory an operation's artifacts arrive in on this node (`{staging}` in its steps).
    var stagingDirectory: (@Sendable (String) -> String)?

    init(directory: String, me: String, loop: any EventLoop, logger: Logger) throws(AgentError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            executor = try StepExecutor(journalPath: directory + "/attempts.jsonl")
        } catch let error as StepError {
            throw .storage("operations: \(error)")
        } catch {
            throw .storage("operations: cannot create \(directory): \(error)")
        }
        self.me = me
        self.loop = loop
        self.logger = logger
    }

    func handle(_ envelope: OperationEnvelope, reply: @escaping Reply) {
        switch envelope {
        case let .run(id, step): run(id, step, reply: reply)
        case let .query(id): Task { reply(.report(id, await executor.report(id))) }
        case let .cancel(id):
            Task {
                let report = (try? await executor.cancel(id)) ?? .running
                reply(.report(id, report))
            }
        case let .gate(operation, gate): loop.execute { self.watchGate(operation, gate, reply: reply) }
        case let .fetch(id, token): Task { reply(.fetched(token: token, await executor.result(id))) }
        case .report, .gateResult, .fetched: break
        }
    }

    private func run(_ id: AttemptID, _ step: PlanStep, reply: @escaping Reply) {
        let executor = self.executor, logger = self.logger
        let step = stagingDirectory.map { step.expanded(with: PlanVariables(values: ["staging": $0(id.operation)])) } ?? step
        Task {
            let report: AttemptReport
            do {
                report = try await executor.run(id, step)
            } catch {
                logger.error("cannot journal \(id): \(error)", metadata: ["event": "op_journal_failed", "op": "\(id.operation)"])
                return
            }
            reply(.report(id, report))
            guard report == .running else { return }
            logger.info("step \(step.name) attempt \(id.attempt) started", metadata: Self.metadata(id, step, event: "op_step_started"))
            await executor.waitUntilEnded(id)
            let result = await executor.result(id)
            var metadata = Self.metadata(id, step, event: "op_step_finished")
            metadata["outcome"] = "\(result?.outcome ?? .unknown)"
            metadata["duration_ms"] = "\(result?.durationMilliseconds ?? 0)"
            if let code = result?.exitCode { metadata["exit_code"] = "\(code)" }
            logger.info("step \(step.name) attempt \(id.attempt): \(result?.outcome ?? .unknown)", metadata: metadata)
            reply(.report(id, await executor.report(id)))
        }
    }

    static func metadata(_ id: AttemptID, _ step: PlanStep, event: String) -> Logger.Metadata {
        ["event": "\(event)", "op": "\(id.operation)", "step": "\(step.name)", "attempt": "\(id.attempt)", "op_node": "\(id.node)"]
    }

    // MARK: Health gate

    /// Passes once the gate's checks (all, when it names none) have passed without a break for
    /// `minHealthy`; fails at the deadline with what was failing.
    private func watchGate(_ operation: String, _ gate: HealthGate, reply: @escaping Reply) {
        let start = NIODeadline.now()
        let deadline = start + .milliseconds(Int64(gate.deadlineMilliseconds))
        let healthySince = NIOLoopBoundBox<NIODeadline?>(nil, eventLoop: loop)
        loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
            let now = NIODeadline.now()
            let (passing, detail) = self.gateChecks(gate)
            healthySince.value = passing ? (healthySince.value ?? now) : nil
            if let since = healthySince.value, now - since >= .milliseconds(Int64(gate.minHealthyMilliseconds)) {
                task.cancel()
                reply(.gateResult(operation: operation, node: self.me, passed: true, detail: detail))
            } else if now >= deadline {
                task.cancel()
                reply(.gateResult(operation: operation, node: self.me, passed: false,
                                  detail: "not healthy for \(gate.minHealthyMilliseconds) ms within \(gate.deadlineMilliseconds) ms: \(detail)"))
            }
        }
    }

    private func gateChecks(_ gate: HealthGate) -> (Bool, String) {
        guard let summary = health?() else { return (true, "no checks on this node") }
        let names = gate.checks.isEmpty ? Array(summary.states.keys).sorted() : gate.checks
        let bad = names.filter { summary.states[$0] != .passing }
        return bad.isEmpty ? (true, "healthy") : (false, "not passing: " + bad.joined(separator: ", "))
    }
}
