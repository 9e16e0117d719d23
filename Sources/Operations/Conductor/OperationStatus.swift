/// Where an operation stands. Every operation ends in `finished`, `halted` or `cancelled` — never
/// forgotten (invariant 6).
public enum OperationStatus: Hashable, Codable, Sendable {
    case running
    case paused
    /// Stopped for the operator; `reason` says what to decide.
    case halted(reason: String)
    case cancelled
    case finished

    public var isTerminal: Bool {
        switch self {
        case .cancelled, .finished: true
        case .running, .paused, .halted: false
        }
    }
}
