import Actions
import Operations

/// What the coordinator and a node say to each other about an operation, in `operation` frames.
/// Every request names its attempt (or node) by id, so a repeated or crossed message is harmless.
enum OperationEnvelope: Codable, Sendable {
    case run(AttemptID, PlanStep)
    case query(AttemptID)
    case cancel(AttemptID)
    case report(AttemptID, AttemptReport)
    /// Await the node's health gate; answered with `gateResult`.
    case gate(operation: String, HealthGate)
    case gateResult(operation: String, node: String, passed: Bool, detail: String)
    /// `op logs`: the full result of an attempt from the node's journal; answered with `fetched`.
    case fetch(AttemptID, token: UInt64)
    case fetched(token: UInt64, StepResult?)
}
