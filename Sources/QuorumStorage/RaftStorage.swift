import Consensus
import Foundation

/// Durable Raft state in the agent's data directory: the only part of the quorum that does I/O, and
/// generic over the state machine, so what the fleet agrees on can grow without touching storage.
///
/// Files: `hardstate` and `snapshot` (each one framed record, replaced atomically: written to a
/// temporary file, fsynced, renamed, directory fsynced) and `log` (append-only framed records, fsynced
/// after every batch). `open` replays the log and, if its tail is torn or corrupt (the checksum fails), cuts
/// the file at the last intact record and reports it in `LogTailRecovery` — it never accepts bad bytes
/// and never traps. An intact record of a command kind this version does not know is kept
/// (the machine's command type keeps it; the fleet's does, as `UnknownCommand`); an intact record that does not decode at all stops the open, file untouched.
///
/// Use: `let (storage, persisted, recovery) = try RaftStorage<Machine>.open(directory:)`, start `Raft` with
/// `persisted`, then hand each persist effect to `perform(_:)` before performing later sends.
public final class RaftStorage<Machine: ReplicatedStateMachine> {
    public let directory: String
    private var logFD: Int32
    /// Mirror of the entries in the log file, needed to rewrite the file on compaction.
    private var entries: [Raft<Machine>.Entry]
    private var snapshotIndex: UInt64

    private init(directory: String, logFD: Int32, entries: [Raft<Machine>.Entry], snapshotIndex: UInt64) {
        self.directory = directory
        self.logFD = logFD
        self.entries = entries
        self.snapshotIndex = snapshotIndex
    }

    deinit { close(logFD) }

    public struct Opened {
        public let storage: RaftStorage
        public let persisted: Raft<Machine>.PersistentState
        /// Non-nil when the log's tail had to be cut: log it as `log_truncated`.
        public let recovery: LogTailRecovery?
    }

    /// Opens (creating if needed) the storage in `directory` and recovers the persistent state.
    public static func open(directory: String) throws(StorageError) -> Opened {
        try makeDirectory(directory)
        let hard: HardState = try readAtomicFile(path(directory, "hardstate")) ?? HardState()
        let snapshot: Raft<Machine>.Snapshot? = try readAtomicFile(path(directory, "snapshot"))
        let logPath = path(directory, "log")
        let bytes = try readBytes(logPath) ?? []
        var entries: [Raft<Machine>.Entry] = []
        var offset = 0
        var kept = 0
        var recovery: LogTailRecovery?
        scan: while true {
            switch RecordFraming.parse(bytes, at: offset) {
            case .end:
                break scan
            case let .bad(reason):
                recovery = LogTailRecovery(offset: offset, droppedBytes: bytes.count - offset, keptRecords: kept, reason: reason)
                break scan
            case let .record(payload, next):
                let record: StorageRecord<Machine>
                do {
                    record = try JSONDecoder().decode(StorageRecord<Machine>.self, from: Data(payload))
                } catch {
                    throw .unreadableRecord(path: logPath, offset: offset, reason: "\(error)")
                }
                switch record {
                case let .append(entry):
                    while let last = entries.last, last.index >= entry.index { entries.removeLast() }
                    entries.append(entry)
                case let .truncate(from):
                    entries.removeAll { $0.index >= from }
                }
                kept += 1
                offset = next
            }
        }
        let snapshotIndex = snapshot?.lastIndex ?? 0
        entries.removeAll { $0.index <= snapshotIndex }
        let fd = Foundation.open(logPath, O_WRONLY | O_CREAT, 0o600)
        guard fd >= 0 else { throw .io(operation: "open", path: logPath, errno: errno) }
        if recovery != nil {
            guard ftruncate(fd, off_t(offset)) == 0, fsync(fd) == 0 else {
                let code = errno
                close(fd)
                throw .io(operation: "truncate", path: logPath, errno: code)
            }
        }
        guard lseek(fd, 0, SEEK_END) >= 0 else {
            let code = errno
            close(fd)
            throw .io(operation: "seek", path: logPath, errno: code)
        }
        let storage = RaftStorage(directory: directory, logFD: fd, entries: entries, snapshotIndex: snapshotIndex)
        let persisted = Raft<Machine>.PersistentState(hardState: hard, snapshot: snapshot, entries: entries)
        return Opened(storage: storage, persisted: persisted, recovery: recovery)
    }

    /// Makes one persist effect durable; other effects are ignored. Returns once the data is fsynced.
    public func perform(_ effect: Raft<Machine>.Effect) throws(StorageError) {
        switch effect {
        case let .persistHardState(hard):
            try writeAtomicFile(hard, name: "hardstate")
        case let .persistEntries(truncateFrom, newEntries):
            try appendEntries(truncateFrom: truncateFrom, newEntries)
        case let .persistSnapshot(snapshot):
            try saveSnapshot(snapshot)
        default:
            break
        }
    }

    /// Makes every persist effect of `effects` durable, in their order, with fewer fsyncs: consecutive
    /// appends share one write and one fsync of the log, and of consecutive hard states only the last is
    /// written (etcd's `Ready` batching). Returns once all of it is fsynced; other effects are ignored.
    public func perform(batch effects: [Raft<Machine>.Effect]) throws(StorageError) {
        let persists = effects.filter(\.isPersist)
        var pendingLog: [UInt8] = []
        for (position, effect) in persists.enumerated() {
            switch effect {
            case let .persistEntries(truncateFrom, newEntries):
                pendingLog += try encodeEntries(truncateFrom: truncateFrom, newEntries)
            case let .persistHardState(hard):
                if position + 1 < persists.count, case .persistHardState = persists[position + 1] { continue }
                try flushLog(&pendingLog)
                try writeAtomicFile(hard, name: "hardstate")
            case let .persistSnapshot(snapshot):
                try flushLog(&pendingLog)
                try saveSnapshot(snapshot)
            default:
                break
            }
        }
        try flushLog(&pendingLog)
    }

    private func flushLog(_ bytes: inout [UInt8]) throws(StorageError) {
        guard !bytes.isEmpty else { return }
        let logPath = Self.path(directory, "log")
        try Self.writeAll(bytes, to: logFD, path: logPath)
        guard fsync(logFD) == 0 else { throw .io(operation: "fsync", path: logPath, errno: errno) }
        bytes = []
    }

    /// The framed records for one append (and the cut before it), updating the mirror of the entries.
    private func encodeEntries(truncateFrom: UInt64?, _ newEntries: [Raft<Machine>.Entry]) throws(StorageError) -> [UInt8] {
        var bytes: [UInt8] = []
        if let from = truncateFrom {
            bytes += RecordFraming.frame(try Self.encode(StorageRecord<Machine>.truncate(from: from)))
            entries.removeAll { $0.index >= from }
        }
        for entry in newEntries {
            bytes += RecordFraming.frame(try Self.encode(StorageRecord<Machine>.append(entry)))
            while let last = entries.last, last.index >= entry.index { entries.removeLast() }
            entries.append(entry)
        }
        return bytes
    }

    private func appendEntries(truncateFrom: UInt64?, _ newEntries: [Raft<Machine>.Entry]) throws(StorageError) {
        var bytes = try encodeEntries(truncateFrom: truncateFrom, newEntries)
        try flushLog(&bytes)
    }

    /// Writes the snapshot atomically, then compacts the log file by rewriting the entries after it.
    private func saveSnapshot(_ snapshot: Raft<Machine>.Snapshot) throws(StorageError) {
        try writeAtomicFile(snapshot, name: "snapshot")
        snapshotIndex = snapshot.lastIndex
        entries.removeAll { $0.index <= snapshot.lastIndex }
        var bytes: [UInt8] = []
        for entry in entries { bytes += RecordFraming.frame(try Self.encode(StorageRecord<Machine>.append(entry))) }
        let logPath = Self.path(directory, "log")
        let tmpPath = logPath + ".tmp"
        let fd = try Self.writeDurably(bytes, to: tmpPath)
        guard rename(tmpPath, logPath) == 0 else {
            let code = errno
            close(fd)
            throw .io(operation: "rename", path: tmpPath, errno: code)
        }
        try Self.syncDirectory(directory)
        close(logFD)
        logFD = fd
        guard lseek(logFD, 0, SEEK_END) >= 0 else { throw .io(operation: "seek", path: logPath, errno: errno) }
    }

    private func writeAtomicFile<Value: Encodable>(_ value: Value, name: String) throws(StorageError) {
        let target = Self.path(directory, name)
        let tmpPath = target + ".tmp"
        let fd = try Self.writeDurably(RecordFraming.frame(try Self.encode(value)), to: tmpPath)
        close(fd)
        guard rename(tmpPath, target) == 0 else { throw .io(operation: "rename", path: tmpPath, errno: errno) }
        try Self.syncDirectory(directory)
    }

    // MARK: - File helpers

    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func encode<Value: Encodable>(_ value: Value) throws(StorageError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw .encoding(reason: String(describing: error))
        }
    }

    static func makeDirectory(_ directory: String) throws(StorageError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(operation: "mkdir", path: directory, errno: errno)
        }
    }

    static func readBytes(_ path: String) throws(StorageError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(operation: "read", path: path, errno: errno)
        }
        return Array(data)
    }

    /// Reads a file written by `writeAtomicFile`. It is replaced by rename, so it is whole or absent;
    /// anything else is disk damage and fails loudly.
    static func readAtomicFile<Value: Decodable>(_ path: String) throws(StorageError) -> Value? {
        guard let bytes = try readBytes(path) else { return nil }
        switch RecordFraming.parse(bytes, at: 0) {
        case .end:
            throw .corruptFile(path: path, reason: "empty file")
        case let .bad(reason):
            throw .corruptFile(path: path, reason: reason)
        case let .record(payload, next):
            guard next == bytes.count else { throw .corruptFile(path: path, reason: "trailing bytes") }
            guard let value = try? JSONDecoder().decode(Value.self, from: Data(payload)) else {
                throw .corruptFile(path: path, reason: "content does not decode")
            }
            return value
        }
    }

    /// Creates `path` with `bytes`, fsynced; returns the open descriptor (positioned at the end).
    static func writeDurably(_ bytes: [UInt8], to path: String) throws(StorageError) -> Int32 {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        do {
            try writeAll(bytes, to: fd, path: path)
        } catch {
            close(fd)
            throw error
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw .io(operation: "fsync", path: path, errno: code)
        }
        return fd
    }

    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(StorageError) {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress, buffer.count)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, errno: errno)
            }
            written += result
        }
    }

    static func syncDirectory(_ directory: String) throws(StorageError) {
        let fd = Foundation.open(directory, O_RDONLY)
        guard fd >= 0 else { throw .io(operation: "open", path: directory, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(operation: "fsync", path: directory, errno: errno) }
    }
}
