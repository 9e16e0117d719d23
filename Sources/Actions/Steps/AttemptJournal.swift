import Foundation
import Operations

/// The node's durable record of every attempt it was asked to run, so that a coordinator — this one
/// or the next — learns what happened instead of guessing, and a repeated request never starts a
/// second process. One JSON line per entry, appended and fsynced; a torn last line (a crash mid-write)
/// is ignored and cut at open; an unreadable line elsewhere stops the open with its position.
final class AttemptJournal {
    enum State: Hashable, Sendable {
        case started
        case finished(StepResult)
        case cancelledBeforeStart
    }

    let path: String
    private var fd: Int32
    private(set) var states: [AttemptID: State] = [:]

    /// Opens (creating if needed) the journal at `path`. Attempts started and never finished were
    /// running when the agent stopped: their outcome is unknown unless the caller learns otherwise.
    init(path: String) throws(StepError) {
        self.path = path
        let data = FileManager.default.contents(atPath: path) ?? Data()
        var keep = 0
        var offset = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            defer { offset += line.count + 1 }
            guard !line.isEmpty else { continue }
            guard let entry = try? JSONDecoder().decode(JournalEntry.self, from: Data(line)) else {
                guard offset + line.count >= data.count else {
                    throw .journal(path: path, reason: "unreadable entry at byte \(offset); move the file aside to start a new journal")
                }
                break
            }
            Self.fold(entry, into: &states)
            keep = offset + line.count + 1
        }
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .journal(path: path, reason: String(cString: strerror(errno))) }
        guard ftruncate(fd, off_t(min(keep, data.count))) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .journal(path: path, reason: reason)
        }
    }

    deinit { close(fd) }

    static func fold(_ entry: JournalEntry, into states: inout [AttemptID: State]) {
        switch entry {
        case let .started(id, _): if states[id] == nil { states[id] = .started }
        case let .finished(id, result): states[id] = .finished(result)
        case let .cancelledBeforeStart(id): if states[id] == nil { states[id] = .cancelledBeforeStart }
        }
    }

    /// Appends `entry` durably (written and fsynced) before returning.
    func append(_ entry: JournalEntry) throws(StepError) {
        guard var line = try? JSONEncoder().encode(entry) else { throw .journal(path: path, reason: "cannot encode an entry") }
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw .journal(path: path, reason: "write failed: \(String(cString: strerror(errno)))")
        }
        Self.fold(entry, into: &states)
    }
}
