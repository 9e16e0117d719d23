/// Why the conductor refused an operator's command.
public enum ConductorError: Error, Hashable, Sendable, CustomStringConvertible {
    case notHalted
    case ended(OperationStatus)
    /// The operation halted on a step whose outcome is unknown and that is not idempotent.
    case decisionNeeded(AttemptID, stepName: String)

    public var description: String {
        switch self {
        case .notHalted:
            "the operation is running; nothing to resume"
        case let .ended(status):
            "the operation has ended (\(status == .finished ? "finished" : "cancelled")); start a new one"
        case let .decisionNeeded(id, name):
            "step \"\(name)\" on \(id.node) (attempt \(id.attempt)) may or may not have run and is not idempotent: "
                + "check the node, then op resume --retry-step (run it again) or --skip-step (count it as done)"
        }
    }
}
