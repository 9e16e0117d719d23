import Foundation
import Glibc
import Testing
@testable import Actions

/// https against a self-signed server the test starts with python3 and openssl on 127.0.0.1; the
/// probe must not verify the certificate. Skipped where those programs are missing.
@Suite struct HTTPSProbeTests {
    static let tools = ["/usr/bin/openssl", "/usr/bin/python3"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: tools))
    func selfSignedEndpointAnswersWithoutVerification() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("https-probe-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.makeCertificate(in: directory)
        let port = try TestServer.closedPort()
        let server = try Self.startServer(in: directory, port: port)
        // SIGKILL: a child started by Foundation's Process here inherits a mask blocking SIGTERM.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let prober = CheckProber()
        try await Self.waitUntilListening(port: port, prober: prober)
        let pass = await prober.probe(.http(url: "https://127.0.0.1:\(port)/health", expectStatus: 204),
                                      timeout: .seconds(3))
        #expect(pass.success && pass.detail == "https: HTTP 204", "\(pass.detail)")
        let named = await prober.probe(.http(url: "https://localhost:\(port)/health", expectStatus: 204),
                                       timeout: .seconds(3))
        #expect(named.success, "\(named.detail)")
        let wrong = await prober.probe(.http(url: "https://127.0.0.1:\(port)/health", expectStatus: 200),
                                       timeout: .seconds(3))
        #expect(!wrong.success && wrong.detail.contains("HTTP 204 (expected 200)"), "\(wrong.detail)")
    }

    @Test func httpsToAPlainServerFailsWithATLSDetail() async throws {
        let server = try TestServer(.status(200))
        defer { server.stop() }
        let result = await CheckProber().probe(.http(url: "https://127.0.0.1:\(server.port)/", expectStatus: 200),
                                               timeout: .seconds(3))
        #expect(!result.success)
        #expect(result.detail.hasPrefix("https 127.0.0.1:\(server.port): "), "\(result.detail)")
    }

    static func makeCertificate(in directory: URL) async throws {
        let argv = ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", directory.appendingPathComponent("key.pem").path,
                    "-out", directory.appendingPathComponent("cert.pem").path]
        let outcome = await ProcessRunner.run(argv, timeout: .seconds(20))
        try #require(outcome.ending == .exited(0), "openssl: \(outcome.outputLine)")
    }

    static func startServer(in directory: URL, port: Int) throws -> Process {
        let script = """
        import http.server, ssl, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(204); self.end_headers()
            def log_message(self, *args): pass
        s = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
        c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[2], sys.argv[3])
        s.socket = c.wrap_socket(s.socket, server_side=True)
        s.serve_forever()
        """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", script, String(port), directory.appendingPathComponent("cert.pem").path,
                            directory.appendingPathComponent("key.pem").path]
        try python.run()
        return python
    }

    /// Waits for the listener with TCP probes, each a real readiness check, for at most 10 s.
    static func waitUntilListening(port: Int, prober: CheckProber) async throws {
        for _ in 0..<200 {
            let result = await prober.probe(.tcp(host: "127.0.0.1", port: port), timeout: .milliseconds(50))
            if result.success { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the https test server did not start")
    }
}
