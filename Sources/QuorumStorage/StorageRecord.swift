import Quorum
/// One record of the append-only log file: an appended entry or a cut of the log's suffix.
enum StorageRecord: Codable {
    case append(LogEntry)
    case truncate(from: UInt64)
}
