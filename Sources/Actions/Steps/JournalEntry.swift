import Operations

/// One line of a node's attempt journal.
public enum JournalEntry: Hashable, Codable, Sendable {
    /// Written and fsynced BEFORE the process is spawned: a crash after this line leaves an attempt
    /// that may have run, which is exactly what the node must admit.
    case started(AttemptID, unixMilliseconds: Int64)
    case finished(AttemptID, StepResult)
    /// Cancelled before it started: a later request to run it is refused.
    case cancelledBeforeStart(AttemptID)
}
