import Foundation
import Testing
@testable import Keepalived

@Suite("Track file")
struct TrackFileTests {
    @Test func writesReplaceTheValueAndLeaveNoTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        let file = TrackFile(path: directory.file("app.track"))
        for value in [0, 51, -254, 254, -1] {
            try file.write(value)
            #expect(try file.read() == value)
        }
        #expect(directory.contents() == ["app.track"])
        #expect(try TrackFile.render(-254) == "-254\n")
    }

    @Test func refusesValuesKeepalivedWouldMisread() throws {
        let directory = try TemporaryDirectory()
        let file = TrackFile(path: directory.file("app.track"))
        #expect(throws: TrackFileError.valueOutOfRange(255)) { try file.write(255) }
        #expect(throws: TrackFileError.valueOutOfRange(-255)) { try file.write(-255) }
        #expect(directory.contents().isEmpty)
    }

    @Test func missingDirectoryIsATypedError() throws {
        let directory = try TemporaryDirectory()
        let file = TrackFile(path: directory.file("absent/app.track"))
        do {
            try file.write(0)
            Issue.record("writing into a missing directory succeeded")
        } catch {
            guard case let .system(call, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(call == "open")
            #expect(error.description.contains("No such file or directory"))
        }
    }

    @Test func garbageInTheFileIsReportedNotTrusted() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.track")
        try "12 34\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TrackFileError.self) { try TrackFile(path: path).read() }
    }
}
