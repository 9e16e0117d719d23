/// What the conductor asks its driver to do. The driver reports back through the conductor's
/// `on…` methods; anything it cannot report (a lost answer) the conductor asks again after a timeout.
public enum ConductorDirective: Hashable, Sendable {
    /// Commit this record to the fleet state, then call `onRecorded`.
    case record(OperationRecord)
    /// Make this VIP move through the quorum and wait until the new holder serves; then `onMoveDone`.
    case moveVIP(VIPMove)
    /// Ask the node to run this attempt (it refuses a second start of the same id); `onAttemptReport`.
    case runStep(AttemptID, PlanStep)
    /// Ask the node what became of this attempt; `onAttemptReport`.
    case queryAttempt(AttemptID)
    case cancelStep(AttemptID)
    /// Wait until the node's checks pass for the gate's time, or its deadline passes; `onGate`.
    case awaitGate(node: String, gate: HealthGate)
}
