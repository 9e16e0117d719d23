import AsyncHTTPClient
import NIOPosix
import NIOSSL
import Testing
@testable import Actions

/// The agent's way to run the probes: on its own event loop group, shut down in order.
@Suite struct ProbeClientsTests {
    @Test func probesRunOnAGivenGroupAndShutDownCleanly() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clients = ProbeClients(eventLoopGroup: group)
        let server = try TestServer(.status(200))
        defer { server.stop() }
        let prober = CheckProber(clients: clients)
        let tcp = await prober.probe(.tcp(host: "127.0.0.1", port: server.port), timeout: .seconds(2))
        let http = await prober.probe(.http(url: "http://127.0.0.1:\(server.port)/", expectStatus: 200), timeout: .seconds(2))
        try await clients.shutdown()
        try await group.shutdownGracefully()
        #expect(tcp.success, "\(tcp.detail)")
        #expect(http.success, "\(http.detail)")
    }

    @Test func theClientNeitherVerifiesNorProxies() {
        let configuration = ProbeClients.configuration
        #expect(configuration.tlsConfiguration?.certificateVerification == CertificateVerification.none)
        #expect(configuration.proxy == nil)
    }
}
