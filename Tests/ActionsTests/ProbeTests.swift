import Foundation
import Glibc
import Testing
@testable import Actions

/// The real probes against servers and programs the tests start on this machine, loopback only.
@Suite struct ProbeTests {
    let prober = CheckProber()
    /// Generous, so a loaded machine cannot fail a probe that should pass; timeouts under test are explicit.
    static let timeout: Duration = .seconds(2)

    func probe(_ kind: ProbeKind, timeout: Duration = Self.timeout) async -> ProbeResult {
        await prober.probe(kind, timeout: timeout)
    }

    @Test func tcpOpenPortPasses() async throws {
        let server = try TestServer(.silent)
        defer { server.stop() }
        let result = await probe(.tcp(host: "127.0.0.1", port: server.port))
        #expect(result.success, "\(result.detail)")
        #expect(result.detail.contains("connected"))
    }

    @Test func tcpClosedPortFailsQuickly() async throws {
        let port = try TestServer.closedPort()
        let result = await probe(.tcp(host: "127.0.0.1", port: port), timeout: .seconds(5))
        #expect(!result.success)
        #expect(result.detail.contains("refused"), "\(result.detail)")
        #expect(result.duration < .seconds(1))
    }

    @Test func tcpBadInputFailsWithAReason() async {
        let badPort = await probe(.tcp(host: "127.0.0.1", port: 70000))
        #expect(!badPort.success && badPort.detail.contains("out of range"))
        let badHost = await probe(.tcp(host: "", port: 80))
        #expect(!badHost.success && badHost.detail.contains("host"))
    }

    @Test(arguments: [(200, 200, true), (503, 200, false), (200, 204, false), (204, 204, true)])
    func httpStatusDecides(served: Int, expected: Int, passes: Bool) async throws {
        let server = try TestServer(.status(served))
        defer { server.stop() }
        let result = await probe(.http(url: "http://127.0.0.1:\(server.port)/health?x=1", expectStatus: expected))
        #expect(result.success == passes, "\(result.detail)")
        #expect(result.detail.contains("HTTP \(served)"))
        if !passes { #expect(result.detail.contains("expected \(expected)")) }
    }

    @Test func httpServerThatNeverAnswersFailsAtTheTimeout() async throws {
        let server = try TestServer(.silent)
        defer { server.stop() }
        let result = await probe(.http(url: "http://127.0.0.1:\(server.port)/", expectStatus: 200),
                                 timeout: .milliseconds(300))
        #expect(!result.success)
        #expect(result.detail.contains("timed out"), "\(result.detail)")
    }

    @Test func httpClosedPortAndBadURLsFail() async throws {
        let port = try TestServer.closedPort()
        let closed = await probe(.http(url: "http://127.0.0.1:\(port)/", expectStatus: 200))
        #expect(!closed.success && closed.detail.contains("refused"), "\(closed.detail)")
        for url in ["ftp://x/", "http://", "http://[::1/", "http://h:99999/", "http://h:x/", "http://a b/"] {
            let result = await probe(.http(url: url, expectStatus: 200))
            #expect(!result.success && !result.detail.isEmpty, "\(url)")
        }
    }

    @Test func commandExitStatusDecides() async {
        let pass = await probe(.command(argv: ["/bin/true"]))
        #expect(pass.success && pass.detail == "exit status 0", "\(pass.detail)")
        let fail = await probe(.command(argv: ["/bin/false"]))
        #expect(!fail.success && fail.detail == "exit status 1", "\(fail.detail)")
        let missing = await probe(.command(argv: ["/nonexistent/program"]))
        #expect(!missing.success && missing.detail.contains("cannot run"), "\(missing.detail)")
        let relative = await probe(.command(argv: ["true"]))
        #expect(!relative.success && relative.detail.contains("absolute"))
        let empty = await probe(.command(argv: []))
        #expect(!empty.success)
    }

    @Test func commandOutputIsCapturedAndBounded() async {
        let result = await probe(.command(argv: ["/bin/sh", "-c", "echo hello; echo oops >&2; head -c 10000 /dev/zero | tr '\\0' x; exit 3"]),
                                 timeout: .seconds(2))
        #expect(!result.success)
        #expect(result.detail.hasPrefix("exit status 3: hello | oops | xxx"), "\(result.detail.prefix(80))")
        #expect(result.detail.contains("bytes dropped"))
        #expect(result.detail.utf8.count < 4300)
    }

    @Test func sleepingCommandIsKilledWithItsChildrenAtTheTimeout() async throws {
        let result = await probe(.command(argv: ["/bin/sh", "-c", "sleep 30 & echo $!; wait"]),
                                 timeout: .milliseconds(300))
        #expect(!result.success)
        #expect(result.detail.contains("timed out"), "\(result.detail)")
        let pid = try #require(result.detail.split(separator: " ").compactMap { Int32($0) }.last)
        #expect(pid > 1 && pid != getpid())
        #expect(await Self.isGoneSoon(pid), "the background sleep \(pid) survived")
        #expect(!Self.isGone(getpid()))
    }

    @Test func cancellingTheTaskStopsTheProbe() async {
        let prober = self.prober
        let task = Task { await prober.probe(.command(argv: ["/bin/sleep", "30"]), timeout: .seconds(20)) }
        task.cancel()
        let result = await task.value
        #expect(!result.success && result.detail.contains("cancelled"), "\(result.detail)")
    }

    @Test func dockerWithoutAnEngineFailsCleanly() async {
        let result = await probe(.docker(container: "web"), timeout: .seconds(3))
        #expect(!result.success)
        #expect(result.detail.hasPrefix("docker: "), "\(result.detail)")
        let noTool = await CheckProber(tools: ProbeTools(docker: nil, systemctl: nil, curl: nil))
            .probe(.docker(container: "web"), timeout: Self.timeout)
        #expect(!noTool.success && noTool.detail.contains("not installed"))
    }

    @Test func systemdWithoutSystemdFailsCleanly() async {
        let result = await probe(.systemd(unit: "nginx.service"), timeout: .seconds(3))
        #expect(!result.success)
        #expect(result.detail.hasPrefix("systemd: "), "\(result.detail)")
    }

    /// SIGKILL takes effect asynchronously in the target, so a grandchild's end is observed by
    /// looking at /proc until it is gone, for at most two seconds.
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
