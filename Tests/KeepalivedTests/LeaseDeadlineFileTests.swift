import Foundation
import Keepalived
import Testing

@Suite("lease deadline file")
struct LeaseDeadlineFileTests {
    /// The very check keepalived runs: /usr/bin/test FILE -nt /proc/self/.
    static func keepalivedCheck(_ path: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/test")
        process.arguments = [path, "-nt", "/proc/self/"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test func theCheckPassesWhileTheDeadlineIsAheadAndFailsOnceItIsPast() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ld-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = LeaseDeadlineFile(path: LeaseDeadlineFile.path(directory: directory.path, group: "app"))
        #expect(try !Self.keepalivedCheck(file.path), "no file: not vouched for")
        try file.stamp(nanosecondsFromNow: 5_000_000_000)
        #expect(try Self.keepalivedCheck(file.path))
        // The kernel stamps /proc/self/ with its coarse clock, a few milliseconds behind the precise
        // one: a deadline passed by less than that still reads as ahead (harmless against keepalived's
        // one-second script interval), so the test steps well past it.
        try file.stamp(nanosecondsFromNow: -100_000_000)
        #expect(try !Self.keepalivedCheck(file.path))
        try file.stamp(nanosecondsFromNow: 60_000_000_000)
        #expect(try Self.keepalivedCheck(file.path))
    }
}
