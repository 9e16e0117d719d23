import Foundation
import NIOPosix
import Testing
@testable import Actions

/// The docker probe's Engine API client against `EngineStandIn` (a test server on a unix socket
/// that answers like the engine; no Docker engine runs in CI), and against a socket that is missing.
@Suite struct DockerProbeTests {
    static let timeout: Duration = .seconds(3)

    static func socketPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString.prefix(8)).sock").path
    }

    static func prober(socket: String) -> (CheckProber, ProbeClients) {
        let clients = ProbeClients(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, dockerSocket: socket)
        return (CheckProber(clients: clients), clients)
    }

    @Test func runningStoppedAndMissingContainers() async throws {
        let engine = try EngineStandIn(path: Self.socketPath(), containers: ["web": true, "batch": false])
        defer { engine.stop() }
        let (prober, clients) = Self.prober(socket: engine.path)
        let running = await prober.probe(.docker(container: "web"), timeout: Self.timeout)
        let stopped = await prober.probe(.docker(container: "batch"), timeout: Self.timeout)
        let missing = await prober.probe(.docker(container: "nope"), timeout: Self.timeout)
        try await clients.shutdown()
        #expect(running.success && running.detail == "docker: web is running", "\(running.detail)")
        #expect(!stopped.success && stopped.detail == "docker: batch is not running (exited)", "\(stopped.detail)")
        #expect(!missing.success && missing.detail == "docker: no container named nope", "\(missing.detail)")
        #expect(engine.received == ["/containers/web/json", "/containers/batch/json", "/containers/nope/json"])
    }

    @Test func namesAreEscapedInThePath() async throws {
        let engine = try EngineStandIn(path: Self.socketPath(), containers: ["a b/c": true])
        defer { engine.stop() }
        let (prober, clients) = Self.prober(socket: engine.path)
        let result = await prober.probe(.docker(container: "a b/c"), timeout: Self.timeout)
        try await clients.shutdown()
        #expect(result.success, "\(result.detail)")
        #expect(engine.received == ["/containers/a%20b%2Fc/json"])
    }

    @Test func aMissingEngineIsSaidPlainly() async throws {
        let path = Self.socketPath()
        let (prober, clients) = Self.prober(socket: path)
        let result = await prober.probe(.docker(container: "web"), timeout: Self.timeout)
        let empty = await prober.probe(.docker(container: ""), timeout: Self.timeout)
        try await clients.shutdown()
        #expect(!result.success)
        #expect(result.detail.hasPrefix("docker: cannot reach the engine at \(path) ("), "\(result.detail)")
        #expect(result.detail.contains("No such file or directory"), "\(result.detail)")
        #expect(!empty.success && empty.detail == "docker: no container name")
    }

    /// Only where a Docker Engine runs: its real answer for a container that does not exist.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ProbeClients.defaultDockerSocket)))
    func aRealEngineAnswersForAMissingContainer() async {
        let name = "nodeagent-test-\(UUID().uuidString.prefix(8))"
        let result = await CheckProber().probe(.docker(container: name), timeout: Self.timeout)
        #expect(!result.success && result.detail == "docker: no container named \(name)", "\(result.detail)")
    }

    @Test func engineAnswersAreJudged() {
        let budget = ProbeBudget(timeout: .seconds(1))
        let broken = DockerProbe.judge("web", status: 200, body: Data("{}".utf8), budget: budget)
        #expect(!broken.success && broken.detail.contains("no State.Running"))
        let failing = DockerProbe.judge("web", status: 500, body: Data(#"{"message":"daemon is busy"}"#.utf8), budget: budget)
        #expect(!failing.success && failing.detail == "docker: the engine answered HTTP 500: daemon is busy")
    }
}
