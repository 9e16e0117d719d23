@testable import Actions
import Foundation
import Operations
import Testing

/// The node side of operations, with real processes and a real journal file.
@Suite("Step executor")
struct StepExecutorTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("steps-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var journalPath: String { directory + "/attempts.jsonl" }

    static func id(_ step: Int = 0, attempt: Int = 1) -> AttemptID {
        AttemptID(operation: "op", node: "app1", step: step, attempt: attempt)
    }

    static func shell(_ script: String, timeoutMs: Int = 10_000, codes: [Int32] = [0]) -> PlanStep {
        PlanStep(name: "s", command: .shell(script), timeoutMilliseconds: timeoutMs, acceptedExitCodes: codes)
    }

    func finished(_ executor: StepExecutor, _ id: AttemptID, _ step: PlanStep) async throws -> StepResult {
        #expect(try await executor.run(id, step) == .running)
        await executor.waitUntilEnded(id)
        return try #require(await executor.result(id))
    }

    @Test("exit codes: accepted ones succeed, others fail with the code; output and environment come back")
    func exitCodes() async throws {
        let executor = try StepExecutor(journalPath: journalPath)
        let ok = try await finished(executor, Self.id(0), Self.shell("echo \"$NODEAGENT_STEP $NODEAGENT_ATTEMPT\"; exit 3", codes: [0, 3]))
        #expect(ok.outcome == .succeeded && ok.exitCode == 3)
        #expect(ok.standardOutput.text == "s 1\n")
        let bad = try await finished(executor, Self.id(1), Self.shell("echo oops >&2; exit 4"))
        #expect(bad.outcome == .failed(exitCode: 4))
        #expect(bad.standardError.text == "oops\n")
    }

    @Test("an attempt runs at most once, across requests and across a restart of the agent")
    func atMostOnce() async throws {
        let marker = directory + "/runs"
        let step = Self.shell("echo run >> \(marker)")
        let executor = try StepExecutor(journalPath: journalPath)
        _ = try await finished(executor, Self.id(), step)
        #expect(try await executor.run(Self.id(), step) == .finished(.succeeded))
        let restarted = try StepExecutor(journalPath: journalPath)
        #expect(try await restarted.run(Self.id(), step) == .finished(.succeeded))
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "run\n")
    }

    @Test("an attempt started before the agent stopped, with no end written, is unknown, and is not run again")
    func unknownAfterRestart() async throws {
        let entry = JournalEntry.started(Self.id(), unixMilliseconds: 0)
        try (String(decoding: try JSONEncoder().encode(entry), as: UTF8.self) + "\n").write(toFile: journalPath, atomically: true, encoding: .utf8)
        let executor = try StepExecutor(journalPath: journalPath)
        #expect(await executor.report(Self.id()) == .finished(.unknown))
        #expect(try await executor.run(Self.id(), Self.shell("exit 0")) == .finished(.unknown))
    }

    @Test("at the timeout the whole process group is killed, a child that ignores SIGTERM included")
    func timeoutKillsTheGroup() async throws {
        let pidFile = directory + "/child"
        let step = Self.shell("trap '' TERM; sleep 60 & echo $! > \(pidFile); wait", timeoutMs: 300)
        let executor = try StepExecutor(journalPath: journalPath)
        let result = try await finished(executor, Self.id(), step)
        #expect(result.outcome == .timedOut)
        let child = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Self.isRunning(child), "the step's child \(child) outlived the timeout")
    }

    /// Alive and not a zombie (a killed orphan may wait a moment for PID 1 to reap it).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    @Test("cancel stops a running attempt; cancel before start keeps it from ever starting")
    func cancel() async throws {
        let executor = try StepExecutor(journalPath: journalPath)
        #expect(try await executor.run(Self.id(0), Self.shell("sleep 60")) == .running)
        _ = try await executor.cancel(Self.id(0))
        await executor.waitUntilEnded(Self.id(0))
        #expect(await executor.report(Self.id(0)) == .finished(.cancelled))
        #expect(try await executor.cancel(Self.id(1)) == .finished(.cancelled))
        #expect(try await executor.run(Self.id(1), Self.shell("exit 0")) == .finished(.cancelled))
    }

    @Test("a second attempt of a step does not start while the first still runs")
    func oneAttemptOfAStepAtATime() async throws {
        let executor = try StepExecutor(journalPath: journalPath)
        #expect(try await executor.run(Self.id(0, attempt: 1), Self.shell("sleep 60")) == .running)
        #expect(try await executor.run(Self.id(0, attempt: 2), Self.shell("exit 0")) == .neverStarted)
        _ = try await executor.cancel(Self.id(0, attempt: 1))
        await executor.waitUntilEnded(Self.id(0, attempt: 1))
    }

    @Test("output is kept bounded: head and tail, with the count of what was dropped")
    func boundedOutput() async throws {
        let executor = try StepExecutor(journalPath: journalPath)
        let result = try await finished(executor, Self.id(), Self.shell("head -c 1000000 /dev/zero | tr '\\0' x"))
        #expect(result.standardOutput.totalBytes == 1_000_000)
        #expect(result.standardOutput.dropped == 1_000_000 - 2 * 16 * 1024)
        #expect(result.standardOutput.text.contains("bytes dropped"))
    }

    @Test("a torn last line is cut at open; the rest of the journal stays")
    func tornTail() async throws {
        let executor = try StepExecutor(journalPath: journalPath)
        _ = try await finished(executor, Self.id(), Self.shell("exit 0"))
        let handle = try #require(FileHandle(forWritingAtPath: journalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"started":{"_0":{"oper"#.utf8))
        try handle.close()
        let reopened = try StepExecutor(journalPath: journalPath)
        #expect(await reopened.report(Self.id()) == .finished(.succeeded))
        #expect(try String(contentsOfFile: journalPath, encoding: .utf8).hasSuffix("}\n"))
    }
}
