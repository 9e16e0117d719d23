import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Proves the journald harness with real clients: what a process started through `wrap` sends
/// arrives, fields intact, in the harness's own journal, and nowhere else.
@Suite(
    "Real journald harness", .serialized,
    .enabled(
        if: JournaldHarness.unavailableReason == nil,
        Comment(rawValue: JournaldHarness.unavailableReason ?? "")))
struct JournaldHarnessTests {
    @Test("structured fields sent with the native protocol come back intact")
    func nativeProtocolFieldsRoundTrip() throws {
        let harness = try JournaldHarness()
        defer { harness.stop() }
        let fieldsFile = harness.directory.appendingPathComponent("entry.txt")
        try """
            MESSAGE=peer rejected: wrong CA
            PRIORITY=4
            SYSLOG_IDENTIFIER=nodeagent
            NODEAGENT_EVENT=peer_rejected
            NODEAGENT_PEER=127.0.0.9:7946
            NODEAGENT_REASON=certificate of another CA

            """.write(to: fieldsFile, atomically: true, encoding: .utf8)

        let sent = try harness.run(["/usr/bin/logger", "--journald=\(fieldsFile.path)"])
        #expect(sent.status == 0, "\(sent)")

        let entries = try harness.entries(matching: ["NODEAGENT_EVENT": "peer_rejected"])
        try #require(entries.count == 1, "entries: \(entries)\njournald: \(harness.daemonLog)")
        let entry = entries[0]
        #expect(entry["MESSAGE"] == "peer rejected: wrong CA")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["SYSLOG_IDENTIFIER"] == "nodeagent")
        #expect(entry["NODEAGENT_PEER"] == "127.0.0.9:7946")
        #expect(entry["NODEAGENT_REASON"] == "certificate of another CA")
        #expect(entry["_TRANSPORT"] == "journal")
    }

    @Test("a stdout stream through systemd-cat keeps identifier, priority and every line")
    func stdoutStreamRoundTrip() throws {
        let harness = try JournaldHarness()
        defer { harness.stop() }
        let sent = try harness.run(
            ["/usr/bin/systemd-cat", "-t", "harness-cat", "-p", "warning", "/bin/cat"],
            input: "first line\nsecond line\n")
        #expect(sent.status == 0, "\(sent)")

        let entries = try harness.waitForEntries(matching: ["SYSLOG_IDENTIFIER": "harness-cat"], count: 2)
        #expect(entries.map { $0["MESSAGE"] } == ["first line", "second line"])
        #expect(entries.allSatisfy { $0["PRIORITY"] == "4" && $0["_TRANSPORT"] == "stdout" })
    }

    @Test("two harnesses are isolated from each other and from the host")
    func isolation() throws {
        let hostSocket = "/run/systemd/journal/socket"
        let hostHadSocket = FileManager.default.fileExists(atPath: hostSocket)
        let first = try JournaldHarness()
        defer { first.stop() }
        let second = try JournaldHarness()
        defer { second.stop() }

        try first.run(["/usr/bin/logger", "--journald"], input: "MESSAGE=only in first\nHARNESS_MARK=first\n")
        try second.run(["/usr/bin/logger", "--journald"], input: "MESSAGE=only in second\nHARNESS_MARK=second\n")

        #expect(try first.entries(matching: ["HARNESS_MARK": "first"]).count == 1)
        #expect(try first.entries(matching: ["HARNESS_MARK": "second"]).isEmpty)
        #expect(try second.entries(matching: ["HARNESS_MARK": "second"]).count == 1)
        #expect(try second.entries(matching: ["HARNESS_MARK": "first"]).isEmpty)
        #expect(FileManager.default.fileExists(atPath: hostSocket) == hostHadSocket)
    }

    @Test("stop ends exactly the journald it started and removes its directories")
    func stopCleansUp() throws {
        let harness = try JournaldHarness()
        let pid = harness.pid
        let directory = harness.directory
        #expect(kill(pid, 0) == 0)
        harness.stop()
        harness.stop()
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }
}

/// The harness's decoding of `journalctl -o json`; pure, so it runs everywhere.
@Suite("Journald harness JSON decoding")
struct JournaldHarnessDecodingTests {
    @Test("journalctl JSON values: strings, byte arrays and repeated fields are decoded")
    func decodesJournalctlJSON() throws {
        let line = #"{"MESSAGE":[104,105,10,0,33],"REPEATED":["a",[98]],"PLAIN":"x","BIG":null}"#
        let entries = try JournaldHarness.decodeJSONLines(line + "\n")
        try #require(entries.count == 1)
        #expect(entries[0]["MESSAGE"] == ["hi\n\u{0}!"])
        #expect(entries[0]["REPEATED"] == ["a", "b"])
        #expect(entries[0]["PLAIN"] == ["x"])
        #expect(entries[0]["BIG"] == [])
    }
}
