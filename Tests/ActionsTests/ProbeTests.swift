import Foundation
import Glibc
import Testing
@testable import Actions

/// The tcp and http probes against servers the tests start on 127.0.0.1.
@Suite struct ProbeTests {
    let prober = CheckProber()
    /// Generous, so a loaded machine cannot fail a probe that should pass; timeouts under test are explicit.
    static let timeout: Duration = .seconds(2)
    /// How far past its timeout a probe may answer on a loaded test machine; the contract is a few ms.
    static let slack: Duration = .seconds(2)

    func probe(_ kind: ProbeKind, timeout: Duration = Self.timeout) async -> ProbeResult {
        await prober.probe(kind, timeout: timeout)
    }

    @Test func tcpOpenPortPasses() async throws {
        let server = try TestServer(.silent)
        defer { server.stop() }
        let result = await probe(.tcp(host: "127.0.0.1", port: server.port))
        #expect(result.success, "\(result.detail)")
        #expect(result.detail == "tcp 127.0.0.1:\(server.port): connected")
        let named = await probe(.tcp(host: "localhost", port: server.port))
        #expect(named.success, "\(named.detail)")
    }

    @Test func tcpClosedPortFailsWithTheRefusal() async throws {
        let port = try TestServer.closedPort()
        let result = await probe(.tcp(host: "127.0.0.1", port: port), timeout: .seconds(5))
        #expect(!result.success)
        #expect(result.detail.contains("refused"), "\(result.detail)")
        #expect(result.duration < .seconds(5))
    }

    @Test func tcpBadInputFailsWithAReason() async {
        let badPort = await probe(.tcp(host: "127.0.0.1", port: 70000))
        #expect(!badPort.success && badPort.detail.contains("out of range"))
        let badHost = await probe(.tcp(host: "", port: 80))
        #expect(!badHost.success && badHost.detail.contains("host"))
        let unknown = await probe(.tcp(host: "no-such-host.invalid", port: 80))
        #expect(!unknown.success && unknown.detail.contains("no-such-host.invalid"), "\(unknown.detail)")
    }

    @Test(arguments: [(200, 200, true), (503, 200, false), (200, 204, false), (204, 204, true)])
    func httpStatusDecides(served: Int, expected: Int, passes: Bool) async throws {
        let server = try TestServer(.status(served))
        defer { server.stop() }
        let result = await probe(.http(url: "http://127.0.0.1:\(server.port)/health?x=1", expectStatus: expected))
        #expect(result.success == passes, "\(result.detail)")
        #expect(result.detail.hasPrefix("HTTP \(served)"))
        if !passes { #expect(result.detail == "HTTP \(served) (expected \(expected))") }
    }

    @Test func httpRedirectIsTheAnswerNotFollowed() async throws {
        let server = try TestServer(.redirect(302, location: "/elsewhere"))
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/health"
        let expected302 = await probe(.http(url: url, expectStatus: 302))
        #expect(expected302.success && expected302.detail == "HTTP 302", "\(expected302.detail)")
        let expected200 = await probe(.http(url: url, expectStatus: 200))
        #expect(!expected200.success && expected200.detail == "HTTP 302 (expected 200)", "\(expected200.detail)")
    }

    @Test func httpServerThatNeverAnswersFailsAtTheTimeout() async throws {
        let server = try TestServer(.silent)
        defer { server.stop() }
        let timeout: Duration = .milliseconds(300)
        let result = await probe(.http(url: "http://127.0.0.1:\(server.port)/", expectStatus: 200), timeout: timeout)
        #expect(!result.success)
        #expect(result.detail == "HTTP 127.0.0.1:\(server.port): timed out after 300 ms", "\(result.detail)")
        #expect(result.duration < timeout + Self.slack)
    }

    @Test func httpClosedPortAndBadURLsFail() async throws {
        let port = try TestServer.closedPort()
        let closed = await probe(.http(url: "http://127.0.0.1:\(port)/", expectStatus: 200))
        #expect(!closed.success && closed.detail.contains("refused"), "\(closed.detail)")
        for url in ["ftp://x/", "http://", "http://[::1/", "http://h:99999/", "http://h:x/", "http://a b/"] {
            let result = await probe(.http(url: url, expectStatus: 200))
            #expect(!result.success && result.detail.hasPrefix("http: "), "\(url): \(result.detail)")
        }
    }

    @Test func cancellingAnHTTPProbeStopsIt() async throws {
        let server = try TestServer(.silent)
        defer { server.stop() }
        let prober = self.prober
        let task = Task { await prober.probe(.http(url: "http://127.0.0.1:\(server.port)/", expectStatus: 200), timeout: .seconds(20)) }
        task.cancel()
        let result = await task.value
        #expect(!result.success && result.detail.contains("cancelled"), "\(result.detail)")
    }
}
