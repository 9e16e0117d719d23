import Consensus
/// What `RaftStorage.open` had to cut from the log file: a torn write (crash in mid-append) or corrupt
/// bytes. Reported, never silently accepted, so the agent logs `log_truncated` with the reason.
public struct LogTailRecovery: Hashable, Sendable, CustomStringConvertible {
    /// Byte offset at which the file was cut; everything before it was intact.
    public var offset: Int
    /// How many bytes were dropped.
    public var droppedBytes: Int
    /// How many intact records were kept.
    public var keptRecords: Int
    public var reason: String

    public var description: String {
        "log cut at byte \(offset): \(reason) (\(droppedBytes) bytes dropped, \(keptRecords) records kept)"
    }

    /// The journal event for this recovery, stamped with the recovered term.
    public func event(term: UInt64) -> RaftEvent {
        .logTruncated(term: term, reason: description)
    }
}
