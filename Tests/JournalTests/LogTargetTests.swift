import Foundation
import Testing

@testable import Journal

@Suite("Log target selection")
struct LogTargetTests {
    @Test(
        "NODEAGENT_LOG values parse",
        arguments: [
            ("auto", LogTarget.auto), ("journald", .journald), ("stderr", .stderr), (" JournalD ", .journald),
        ])
    func parses(text: String, expected: LogTarget) throws {
        #expect(try LogTarget(parsing: text) == expected)
    }

    @Test("an unknown value is an error naming the variable and the allowed values")
    func rejectsUnknown() {
        #expect(throws: LogTargetParseError(value: "syslog")) { try LogTarget(parsing: "syslog") }
        let message = LogTargetParseError(value: "syslog").description
        #expect(message.contains("NODEAGENT_LOG") && message.contains("auto, journald, stderr"))
    }

    @Test("an unset or empty variable means auto")
    func environmentDefault() throws {
        #expect(try LogTarget.fromEnvironment([:]) == .auto)
        #expect(try LogTarget.fromEnvironment(["NODEAGENT_LOG": "  "]) == .auto)
        #expect(try LogTarget.fromEnvironment(["NODEAGENT_LOG": "stderr"]) == .stderr)
        #expect(throws: LogTargetParseError.self) { try LogTarget.fromEnvironment(["NODEAGENT_LOG": "file"]) }
    }

    @Test("auto picks journald exactly when its socket exists; explicit targets are kept")
    func resolution() {
        #expect(LogBootstrap.resolve(.auto, journalSocketExists: true) == .journald)
        #expect(LogBootstrap.resolve(.auto, journalSocketExists: false) == .stderr)
        for exists in [true, false] {
            #expect(LogBootstrap.resolve(.journald, journalSocketExists: exists) == .journald)
            #expect(LogBootstrap.resolve(.stderr, journalSocketExists: exists) == .stderr)
        }
    }

    @Test("only a socket counts as journald's socket")
    func socketDetection() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logtarget-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let regular = directory.appendingPathComponent("socket")
        try Data().write(to: regular)
        #expect(!LogBootstrap.journalSocketExists(atPath: regular.path))
        #expect(!LogBootstrap.journalSocketExists(atPath: directory.appendingPathComponent("absent").path))
        let bound = try UnixDatagramSocket(path: directory.appendingPathComponent("real").path)
        defer { bound.close() }
        #expect(LogBootstrap.journalSocketExists(atPath: bound.path))
    }

    @Test("handlers carry the chosen level and identifier")
    func handlers() {
        let journald = LogBootstrap.makeHandler(label: "l", identifier: "na", level: .debug, target: .journald)
        #expect((journald as? JournaldLogHandler)?.identifier == "na")
        #expect(journald.logLevel == .debug)
        let stderr = LogBootstrap.makeHandler(label: "l", identifier: "na", level: .error, target: .stderr)
        #expect(stderr is StderrLogHandler)
        #expect(stderr.logLevel == .error)
    }
}

@Suite("Journal sending without a journal")
struct JournalSendTests {
    @Test("a missing journald socket is reported, not silently swallowed as libsystemd would")
    func missingSocketIsAnError() {
        let fields = [JournalField(name: "MESSAGE", value: "x")]
        let result = JournaldLogHandler.send(fields, socketPath: "/nonexistent-\(UUID())/socket")
        guard case .failure(let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error == JournalSendError(errno: ENOENT))
        #expect(error.description.contains("errno 2"))
    }

    @Test("an empty entry is not sent at all")
    func emptyEntry() {
        guard case .success = JournaldLogHandler.send([], socketPath: "/nonexistent") else {
            Issue.record("an empty entry must be a no-op")
            return
        }
    }
}
