/// Why the Raft storage could not do its job. Each case names the file and the cause, so the agent's
/// log line alone tells an operator what to look at.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A system call failed (`errno` as reported).
    case io(operation: String, path: String, errno: Int32)
    /// A file written atomically (hard state, snapshot) is unreadable: the disk itself is suspect, so
    /// the agent must not guess and start with an empty state.
    case corruptFile(path: String, reason: String)
    case encoding(reason: String)

    public var description: String {
        switch self {
        case let .io(operation, path, errno):
            "storage \(operation) failed on \(path) (errno \(errno))"
        case let .corruptFile(path, reason):
            "storage file \(path) is corrupt: \(reason)"
        case let .encoding(reason):
            "storage record could not be encoded: \(reason)"
        }
    }
}
