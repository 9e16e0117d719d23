import Events
import Foundation

/// The node's event history on disk: one JSON line per record appended to `events.jsonl` in the data
/// directory, written and synced before the event is journalled, so a crash loses nothing that was
/// reported. When the file holds twice the history's capacity it is rewritten with the newest records
/// (a temporary file, fsync, rename), so it never grows without bound. A torn last line (a crash
/// mid-write) and lines this version cannot read are skipped on load.
final class EventStore: Sendable {
    let path: String
    let capacity: Int

    init(dataDirectory: String, capacity: Int = EventHistory.defaultCapacity) {
        path = dataDirectory + "/events.jsonl"
        self.capacity = capacity
    }

    /// The records on disk, oldest first (at most `capacity`), and how many lines the file holds.
    func load() -> (history: EventHistory, lines: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { return (EventHistory(capacity: capacity), 0) }
        let (records, lines) = EventLines.decode(data)
        return (EventHistory(capacity: capacity, records: records), lines)
    }

    /// Appends one record and syncs it.
    func append(_ record: EventRecord) throws {
        let line = try EventLines.encode(record)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try line.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, write(descriptor, base, raw.count) == raw.count else {
                throw StoreError("cannot append to \(path): \(String(cString: strerror(errno)))")
            }
        }
        fsync(descriptor)
    }

    /// Rewrites the file with exactly `history`'s records.
    func compact(_ history: EventHistory) throws {
        let temporary = path + ".tmp"
        var text = Data()
        for record in history.records { text.append(try EventLines.encode(record)) }
        let descriptor = open(temporary, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = text.withUnsafeBytes { raw in raw.baseAddress.map { write(descriptor, $0, raw.count) } ?? 0 }
        fsync(descriptor)
        close(descriptor)
        guard written == text.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreError("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    struct StoreError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
