import Consensus
/// Why the Raft storage could not do its job. Each case names the file and the cause, so the agent's
/// log line alone tells an operator what to look at.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A system call failed (`errno` as reported).
    case io(operation: String, path: String, errno: Int32)
    /// A file written atomically (hard state, snapshot) is unreadable: the disk itself is suspect, so
    /// the agent must not guess and start with an empty state.
    case corruptFile(path: String, reason: String)
    case encoding(reason: String)
    /// A log record passes its checksum, so it was written whole, but this version cannot read it (a
    /// newer version's record, or a bug). Cutting it could delete committed entries, so the agent
    /// stops instead and leaves the file as it is.
    case unreadableRecord(path: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case let .io(operation, path, errno):
            "storage \(operation) failed on \(path) (errno \(errno))"
        case let .corruptFile(path, reason):
            "storage file \(path) is corrupt: \(reason)"
        case let .encoding(reason):
            "storage record could not be encoded: \(reason)"
        case let .unreadableRecord(path, offset, reason):
            "the log record at byte \(offset) of \(path) is intact but this version cannot read it (\(reason)):"
                + " it was probably written by a newer nodeagent — start that version again, or move the data"
                + " directory aside so that this node rejoins as a fresh member and catches up from the coordinator"
        }
    }
}
