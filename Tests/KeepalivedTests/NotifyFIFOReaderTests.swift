import Foundation
import Testing
@testable import Keepalived

@Suite("Notify FIFO reader")
struct NotifyFIFOReaderTests {
    /// Collects records from the reader's thread; `wait` blocks on a semaphore with a deadline, so a lost
    /// record fails the test instead of hanging it.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var records: [NotifyFIFORecord] = []
        private let arrived = DispatchSemaphore(value: 0)

        func add(_ record: NotifyFIFORecord) {
            lock.lock()
            records.append(record)
            lock.unlock()
            arrived.signal()
        }

        func wait(for count: Int, seconds: Double = 10) -> [NotifyFIFORecord] {
            for _ in 0..<count where arrived.wait(timeout: .now() + seconds) == .timedOut { break }
            lock.lock()
            defer { lock.unlock() }
            return records
        }
    }

    static func writeToFIFO(_ path: String, _ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.write(Data(text.utf8))
        try handle.close()
    }

    @Test func createsTheFIFOAndDeliversEventsAcrossWriters() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("keepalived.fifo")
        let reader = try NotifyFIFOReader(path: path)
        let collector = Collector()
        try reader.start { collector.add($0) }
        // Two writers one after the other, as when keepalived restarts: the reader must not see EOF.
        try Self.writeToFIFO(path, "INSTANCE \"APP\" BACKUP 100\nINSTANCE \"APP\" MAS")
        try Self.writeToFIFO(path, "TER 151\ngarbage\n")
        let records = collector.wait(for: 3)
        reader.stop()
        #expect(records == [
            .event(NotifyEvent(kind: .instance, name: "APP", state: .backup, priority: 100)),
            .event(NotifyEvent(kind: .instance, name: "APP", state: .master, priority: 151)),
            .malformed(.unknownKind("garbage")),
        ])
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    /// keepalived that created the FIFO removes it on exit and creates a new one when it starts again;
    /// what the new keepalived writes before the reader notices waits in the new FIFO and is not lost.
    @Test func followsAFIFOThatKeepalivedReplaced() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("keepalived.fifo")
        let reader = try NotifyFIFOReader(path: path)
        let collector = Collector()
        try reader.start { collector.add($0) }
        try Self.writeToFIFO(path, "INSTANCE \"APP\" STOP 100\n")
        #expect(collector.wait(for: 1).count == 1)
        #expect(unlink(path) == 0)
        #expect(mkfifo(path, 0o600) == 0)
        let writer = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        #expect(writer >= 0)
        defer { close(writer) }
        let line = Array("INSTANCE \"APP\" BACKUP 100\n".utf8)
        #expect(line.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == line.count)
        let records = collector.wait(for: 2)
        reader.stop()
        #expect(records == [
            .event(NotifyEvent(kind: .instance, name: "APP", state: .stop, priority: 100)),
            .reopened,
            .event(NotifyEvent(kind: .instance, name: "APP", state: .backup, priority: 100)),
        ])
    }

    @Test func stopsWithoutAnyWriterAndIsIdempotent() throws {
        let directory = try TemporaryDirectory()
        let reader = try NotifyFIFOReader(path: directory.file("fifo"))
        try reader.start { _ in }
        #expect(throws: NotifyFIFOError.alreadyStarted) { try reader.start { _ in } }
        reader.stop()
        reader.stop()
        #expect(throws: NotifyFIFOError.alreadyStarted) { try reader.start { _ in } }
    }

    @Test func refusesAPathThatIsNotAFIFO() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("regular")
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: NotifyFIFOError.notAFIFO(path: path)) { try NotifyFIFOReader(path: path) }
        #expect(throws: NotifyFIFOError.self) { try NotifyFIFOReader(path: directory.file("absent/fifo")) }
    }
}
