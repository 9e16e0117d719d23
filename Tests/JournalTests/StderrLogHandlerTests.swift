import Foundation
import Logging
import Testing

@testable import Journal

@Suite("Stderr fallback format")
struct StderrLogHandlerTests {
    private let instant = Date(timeIntervalSince1970: 1_795_273_875.123_9)

    @Test("a line has timestamp, level, label, message and sorted key=value metadata")
    func lineLayout() {
        let line = StderrLogHandler.formatLine(
            timestamp: instant, level: .warning, label: "mesh", message: "peer rejected: wrong CA",
            metadata: ["reason": "certificate of another CA", "event": "peer_rejected", "node": "app1"])
        #expect(
            line == "2026-11-21T15:11:15.123Z WARNING [mesh] peer rejected: wrong CA"
                + " event=peer_rejected node=app1 reason=\"certificate of another CA\"")
    }

    @Test("values are quoted when they hold spaces, quotes, equals signs or nothing")
    func quoting() {
        #expect(StderrLogHandler.quoteIfNeeded("plain") == "plain")
        #expect(StderrLogHandler.quoteIfNeeded("127.0.0.9:7946") == "127.0.0.9:7946")
        #expect(StderrLogHandler.quoteIfNeeded("two words") == "\"two words\"")
        #expect(StderrLogHandler.quoteIfNeeded("") == "\"\"")
        #expect(StderrLogHandler.quoteIfNeeded("a=b") == "\"a=b\"")
        #expect(StderrLogHandler.quoteIfNeeded("say \"hi\"") == "\"say \\\"hi\\\"\"")
    }

    @Test("keys with spaces, quotes or equals signs cannot break the key=value layout")
    func oddKeys() {
        #expect(StderrLogHandler.formatKey("odd key=\"x\"") == "odd_key__x_")
        #expect(StderrLogHandler.formatKey("") == "_")
        let line = StderrLogHandler.formatLine(
            timestamp: instant, level: .info, label: "l", message: "m", metadata: ["a b": "c"])
        #expect(line.hasSuffix(" m a_b=c"))
    }

    @Test("an entry is always exactly one line, whatever the message and values contain")
    func oneLinePerEntry() {
        let line = StderrLogHandler.formatLine(
            timestamp: instant, level: .error, label: "a\nb", message: "first\nsecond\r\u{0}",
            metadata: ["multi": "x\ny", "tab": "a\tb"])
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\u{0}"))
        #expect(line.contains("first\\nsecond\\r\\u{0}"))
        #expect(line.contains("multi=\"x\\ny\""))
    }

    @Test("timestamps are UTC with milliseconds, also before 1970")
    func timestamps() {
        #expect(StderrLogHandler.formatTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(StderrLogHandler.formatTimestamp(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(StderrLogHandler.formatTimestamp(instant) == "2026-11-21T15:11:15.123Z")
    }

    @Test("lines written concurrently through one writer never interleave")
    func concurrentWritesStayWhole() async throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let readEnd = fds[0]
        let writer = StandardErrorWriter(fileDescriptor: fds[1])
        let lineCount = 400
        let payload = String(repeating: "x", count: 3_000)  // > PIPE_BUF would split without the lock
        let reader = Task.detached { () -> [String] in
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                if count <= 0 { break }
                data += buffer[0..<count]
            }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<lineCount {
                group.addTask { writer.write("\(index) \(payload)\n") }
            }
        }
        close(fds[1])
        let lines = await reader.value
        close(fds[0])
        #expect(lines.count == lineCount)
        #expect(lines.allSatisfy { $0.hasSuffix(" " + payload) })
        #expect(Set(lines.compactMap { Int($0.split(separator: " ").first ?? "") }) == Set(0..<lineCount))
    }
}
