import Foundation
import Glibc
import Testing
@testable import Actions

/// `command` probes: real programs through swift-subprocess, each in a process group of its own.
@Suite struct CommandProbeTests {
    let prober = CheckProber()

    func probe(_ argv: [String], timeout: Duration = .seconds(5)) async -> ProbeResult {
        await prober.probe(.command(argv: argv), timeout: timeout)
    }

    @Test func exitStatusDecides() async {
        let pass = await probe(["/bin/true"])
        #expect(pass.success && pass.detail == "exit status 0", "\(pass.detail)")
        let fail = await probe(["/bin/false"])
        #expect(!fail.success && fail.detail == "exit status 1", "\(fail.detail)")
        let three = await probe(["/bin/sh", "-c", "exit 3"])
        #expect(!three.success && three.detail == "exit status 3", "\(three.detail)")
    }

    @Test func programsThatCannotRunFailWithAReason() async {
        let missing = await probe(["/nonexistent/program"])
        #expect(!missing.success && missing.detail.contains("cannot run /nonexistent/program"), "\(missing.detail)")
        let relative = await probe(["true"])
        #expect(!relative.success && relative.detail.contains("absolute"))
        let empty = await probe([])
        #expect(!empty.success && empty.detail.contains("nothing"))
        let nul = await probe(["/bin/echo", "a\0b"])
        #expect(!nul.success && nul.detail.contains("NUL"))
    }

    @Test func aSignalIsReported() async {
        let result = await probe(["/bin/sh", "-c", "kill -9 $$"])
        #expect(!result.success && result.detail == "killed by signal 9", "\(result.detail)")
    }

    @Test func outputIsCapturedAndBounded() async {
        let result = await probe(["/bin/sh", "-c", "echo hello; echo oops >&2; head -c 10000 /dev/zero | tr '\\0' x; exit 3"])
        #expect(!result.success)
        #expect(result.detail.hasPrefix("exit status 3: hello | oops | xxx"), "\(result.detail.prefix(80))")
        let dropped = 6 + 5 + 10_000 - ProcessRunner.outputLimit
        #expect(result.detail.hasSuffix("[\(dropped) bytes dropped]"), "\(result.detail.suffix(40))")
        #expect(result.detail.utf8.count < ProcessRunner.outputLimit + 200)
    }

    @Test func aLargeOutputDoesNotBlockTheProgram() async {
        let outcome = await ProcessRunner.run(["/bin/sh", "-c", "head -c 5000000 /dev/zero"], timeout: .seconds(20))
        #expect(outcome.ending == .exited(0), "\(outcome.endingText)")
        #expect(outcome.output.utf8.count == ProcessRunner.outputLimit)
        #expect(outcome.droppedBytes == 5_000_000 - ProcessRunner.outputLimit)
    }

    /// The leader ignores SIGTERM and leaves a sleeping child: both must be gone after the timeout.
    @Test func aStubbornProgramIsKilledWithItsGroupAtTheTimeout() async throws {
        let result = await probe(["/bin/sh", "-c", "trap '' TERM; echo $$; sleep 30 & echo $!; wait"],
                                 timeout: .milliseconds(300))
        #expect(!result.success)
        #expect(result.detail.hasPrefix("timed out after 300 ms: "), "\(result.detail)")
        let output = result.detail.dropFirst("timed out after 300 ms: ".count)
        let pids = output.split(whereSeparator: { $0 == " " || $0 == "|" }).compactMap { Int32($0) }
        try #require(pids.count == 2, "\(result.detail)")
        for pid in pids {
            #expect(pid > 1 && pid != getpid())
            #expect(await Self.isGoneSoon(pid), "process \(pid) survived its probe")
        }
        #expect(!Self.isGone(getpid()))
    }

    /// A program that exits leaving a child (which still holds the output pipe) answers at its exit,
    /// and the child is ended with the group, as a finished check must leave nothing behind.
    @Test func whatAProgramLeavesRunningIsEndedAtItsExit() async throws {
        let result = await probe(["/bin/sh", "-c", "sleep 30 & echo $!"], timeout: .seconds(10))
        #expect(result.success, "\(result.detail)")
        let pid = try #require(result.detail.split(separator: " ").compactMap { Int32($0) }.last)
        #expect(await Self.isGoneSoon(pid), "the background sleep \(pid) survived")
        #expect(result.duration < .seconds(10))
    }

    @Test func cancellingTheTaskKillsTheProgram() async throws {
        let prober = self.prober
        let task = Task { await prober.probe(.command(argv: ["/bin/sh", "-c", "echo $$; exec sleep 30"]), timeout: .seconds(20)) }
        task.cancel()
        let result = await task.value
        #expect(!result.success && result.detail.hasPrefix("cancelled"), "\(result.detail)")
        if let pid = result.detail.split(separator: " ").compactMap({ Int32($0) }).last {
            #expect(await Self.isGoneSoon(pid))
        }
    }

    /// SIGKILL takes effect asynchronously in the target, so a process's end is observed by looking
    /// at /proc until it is gone, for at most two seconds.
    static func isGoneSoon(_ pid: Int32) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + .seconds(2)
        while clock.now < end {
            if isGone(pid) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return isGone(pid)
    }

    /// True when `pid` no longer runs: absent, or a zombie waiting for its new parent.
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state == "Z" || state == "X"
    }
}
