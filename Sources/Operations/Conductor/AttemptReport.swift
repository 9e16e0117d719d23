/// A node's answer about one attempt, from its durable journal.
public enum AttemptReport: Hashable, Codable, Sendable {
    /// The journal has no start for it: running it now is safe.
    case neverStarted
    /// Started in this agent's lifetime and still running.
    case running
    case finished(StepOutcome)
}
