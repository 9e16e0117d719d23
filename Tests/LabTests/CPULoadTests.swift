#if os(Linux)
import Foundation
import Testing

/// The competing load of LAB_CPU_LOAD=1 ends with its lab: its workers included, which otherwise
/// outlive their parent (they inherit the test runner's blocked signals).
@Suite struct CPULoadTests {
    @Test func parentPIDIsReadAfterTheLastParenthesis() {
        #expect(CPULoad.parentPID(inStat: "4242 (stress-ng-cpu) R 4240 4240 1 0") == 4240)
        #expect(CPULoad.parentPID(inStat: "7 (a) b (c) S 1 7 7") == 1)
        #expect(CPULoad.parentPID(inStat: "garbage") == nil)
    }

    @Test func stoppingTheLoadLeavesNoWorkerBehind() async throws {
        guard Command.find("stress-ng") != nil else {
            print("CPULoadTests skipped: no stress-ng (apt-get install stress-ng)")
            return
        }
        let log = NSTemporaryDirectory() + "/cpu-load-test-\(getpid()).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let load = try CPULoad(workers: 1, logPath: log)
        let parent = try #require(load.pid)
        let deadline = ContinuousClock.now + .seconds(5)
        var workers: [pid_t] = []
        while workers.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            workers = CPULoad.children(of: parent)
        }
        #expect(!workers.isEmpty, "stress-ng started no worker within 5 s")
        load.stop()
        #expect(load.pid == nil)
        let gone = ContinuousClock.now + .seconds(2)
        while workers.contains(where: { kill($0, 0) == 0 }), ContinuousClock.now < gone {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!workers.contains { kill($0, 0) == 0 }, "workers \(workers) outlived the load")
    }
}
#endif
