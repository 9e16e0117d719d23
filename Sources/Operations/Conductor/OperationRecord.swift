/// One fact about an operation, committed to the fleet state before the conductor acts on it. The
/// records ARE the operation's state: a new coordinator folds them (`OperationProgress`) and carries
/// on from exactly there, so nothing is forgotten and nothing is guessed.
public enum OperationRecord: Hashable, Codable, Sendable {
    /// Written before asking the node: from here on, the attempt may have run.
    case stepStarting(AttemptID)
    case stepFinished(AttemptID, StepOutcome)
    /// A VIP move or a health gate of a node's turn is done; `action` indexes `NodeWork`'s actions.
    case actionDone(node: String, action: Int)
    /// The node's turn failed; its on_failure steps run next.
    case nodeFailed(node: String, reason: String)
    /// The node was not touched: a peer in one of its groups failed earlier.
    case nodeSkipped(node: String, reason: String)
    /// A batch's hand-back move is done.
    case afterDone(batch: Int, move: Int)
    case paused
    case resumed
    /// The operator's decision on a step whose outcome could not be learned.
    case decided(AttemptID, OperatorDecision)
    case halted(reason: String)
    case cancelRequested
    case cancelled
    case finished
}

/// What `nodeagent op resume` tells a halted operation about the step it halted on.
public enum OperatorDecision: Hashable, Codable, Sendable {
    /// Run the step again (a new attempt): the operator checked that it is safe.
    case retryStep
    /// Count the step as done: the operator checked that it ran, or did it by hand.
    case skipStep
}
