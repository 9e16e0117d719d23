import Consensus
/// One record of the append-only log file: an appended entry or a cut of the log's suffix.
enum StorageRecord<Machine: ReplicatedStateMachine>: Codable {
    case append(Raft<Machine>.Entry)
    case truncate(from: UInt64)
}
