import Logging
import Operations
import Quorum

/// The journald entries of an operation's life, written on the coordinator as its records commit:
/// `op_step_starting`, `op_step_recorded`, `op_node_failed`, `op_halted`, `op_finished`, … with the
/// operation, the step, the node and the admin who started it as fields.
enum OperationJournal {
    static func log(_ record: OperationRecord, operation: FleetOperation, logger: Logger) {
        var metadata: Logger.Metadata = ["op": "\(operation.id)", "admin": "\(operation.admin)", "plan": "\(operation.rollout.plan.name)"]
        let message: String
        let level: Logger.Level
        switch record {
        case let .stepStarting(id):
            (message, level) = ("step \(name(id, operation)) attempt \(id.attempt) on \(id.node) starting", .info)
            metadata.merge(["event": "op_step_starting", "step": "\(name(id, operation))", "op_node": "\(id.node)", "attempt": "\(id.attempt)"]) { $1 }
        case let .stepFinished(id, outcome):
            (message, level) = ("step \(name(id, operation)) attempt \(id.attempt) on \(id.node): \(outcome)", outcome == .succeeded ? .info : .warning)
            metadata.merge(["event": "op_step_recorded", "step": "\(name(id, operation))", "op_node": "\(id.node)",
                            "attempt": "\(id.attempt)", "outcome": "\(outcome)"]) { $1 }
        case let .nodeFailed(node, reason):
            (message, level) = ("\(node) failed: \(reason)", .error)
            metadata.merge(["event": "op_node_failed", "op_node": "\(node)", "reason": "\(reason)"]) { $1 }
        case let .nodeSkipped(node, reason):
            (message, level) = ("\(node) skipped: \(reason)", .warning)
            metadata.merge(["event": "op_node_skipped", "op_node": "\(node)", "reason": "\(reason)"]) { $1 }
        case let .halted(reason):
            (message, level) = ("operation halted: \(reason)", .error)
            metadata.merge(["event": "op_halted", "reason": "\(reason)"]) { $1 }
        case .finished:
            (message, level) = ("operation finished", .notice)
            metadata["event"] = "op_finished"
        case .cancelled:
            (message, level) = ("operation cancelled", .notice)
            metadata["event"] = "op_cancelled"
        case .paused, .resumed, .cancelRequested, .decided, .actionDone, .afterDone:
            (message, level) = ("operation record: \(record)", .info)
            metadata["event"] = "op_recorded"
        }
        logger.log(level: level, "operation \(operation.id): \(message)", metadata: metadata)
    }

    static func name(_ id: AttemptID, _ operation: FleetOperation) -> String {
        let steps = operation.rollout.plan.steps + operation.rollout.plan.onFailure
        return id.step < steps.count ? steps[id.step].name : "step \(id.step + 1)"
    }
}
