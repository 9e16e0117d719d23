import Foundation
import Keepalived
import Testing

@Suite("keepalived process watch")
struct KeepalivedProcessTests {
    @Test func statLinesMapToRunningStoppedAndGone() {
        #expect(KeepalivedProcess.parse(stat: "812 (keepalived) S 811 811 811 0 -1", pid: 812) == .running(pid: 812))
        #expect(KeepalivedProcess.parse(stat: "812 (keepalived) R 811", pid: 812) == .running(pid: 812))
        #expect(KeepalivedProcess.parse(stat: "812 (keepalived) T 811", pid: 812) == .stopped(pid: 812))
        #expect(KeepalivedProcess.parse(stat: "812 (keepalived) t 811", pid: 812) == .stopped(pid: 812))
        #expect(KeepalivedProcess.parse(stat: "812 (keepalived) Z 811", pid: 812) == .gone)
        // A PID that another program took over is not keepalived.
        #expect(KeepalivedProcess.parse(stat: "812 (bash) S 811", pid: 812) == .gone)
        #expect(KeepalivedProcess.parse(stat: "812 (keep alived) (x) S 1", pid: 812) == .gone)
        #expect(KeepalivedProcess.parse(stat: "", pid: 812) == .gone)
        #expect(KeepalivedProcess.parse(stat: "garbage ) (", pid: 812) == .gone)
    }

    @Test func pidFilesAndAFakeProcTree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let proc = directory.appendingPathComponent("proc")
        try FileManager.default.createDirectory(at: proc.appendingPathComponent("4242"), withIntermediateDirectories: true)
        try "4242 (keepalived) S 1 1 1".write(to: proc.appendingPathComponent("4242/stat"), atomically: true, encoding: .utf8)
        let pidFile = directory.appendingPathComponent("vrrp.pid")
        let missing = directory.appendingPathComponent("none.pid").path
        #expect(KeepalivedProcess.look(pidFiles: [missing], proc: proc.path) == .gone)
        try "4242\n".write(to: pidFile, atomically: true, encoding: .utf8)
        #expect(KeepalivedProcess.look(pidFiles: [missing, pidFile.path], proc: proc.path) == .running(pid: 4242))
        try "4243\n".write(to: pidFile, atomically: true, encoding: .utf8)
        #expect(KeepalivedProcess.look(pidFiles: [pidFile.path], proc: proc.path) == .gone)
        try "not a pid".write(to: pidFile, atomically: true, encoding: .utf8)
        #expect(KeepalivedProcess.look(pidFiles: [pidFile.path], proc: proc.path) == .gone)
    }

    @Test func theRealProcTreeKnowsThisProcessIsNotKeepalived() {
        #expect(KeepalivedProcess.look(pid: getpid()) == .gone)
        #expect(!KeepalivedProcess.gone.isRunning && !KeepalivedProcess.stopped(pid: 1).isRunning)
        #expect(KeepalivedProcess.running(pid: 1).isRunning)
    }
}

