import Foundation

/// The local targets of the probe benchmark, in one python3 process of their own: a plain HTTP
/// server, an HTTPS server with a self-signed certificate made by openssl, and a stand-in for the
/// Docker Engine API on a unix socket (container "web" runs). Ports are chosen by the kernel and
/// printed by the server once it listens.
final class ProbeTargets {
    let directory: URL
    let process: Process
    let output: Pipe
    private(set) var httpPort = 0
    private(set) var httpsPort = 0
    var dockerSocket: String { directory.appendingPathComponent("engine.sock").path }

    private init(directory: URL, process: Process, output: Pipe) {
        self.directory = directory
        self.process = process
        self.output = output
    }

    static func start() throws -> ProbeTargets {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nodeagent-probe-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path, cert = directory.appendingPathComponent("cert.pem").path
        guard try Run.command(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                               "-subj", "/CN=localhost", "-keyout", key, "-out", cert]) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, cert, key, directory.appendingPathComponent("engine.sock").path]
        process.standardOutput = output
        try process.run()
        return ProbeTargets(directory: directory, process: process, output: output)
    }

    /// Reads the line of ports the server printed once all three listen (it may come in pieces).
    func waitUntilReady() -> Bool {
        var bytes = Data()
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { return false }
            bytes += chunk
        }
        let line = String(decoding: bytes, as: UTF8.self)
        let ports = line.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard ports.count == 2 else { return false }
        (httpPort, httpsPort) = (ports[0], ports[1])
        return true
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    static let script = """
    import http.server, json, re, socketserver, ssl, sys, threading
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def answer(self, body):
            path = re.sub(r"^/v[0-9.]+/", "/", self.path)
            m = re.match(r"^/containers/([^/]+)/json", path)
            code, data = 200, b"ok\\n"
            if m and m.group(1) == "web":
                data = json.dumps({"Id": "0123", "State": {"Status": "running", "Running": True}}).encode()
            elif m:
                code, data = 404, json.dumps({"message": "No such container: " + m.group(1)}).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body: self.wfile.write(data)
        def do_GET(self): self.answer(True)
        def do_HEAD(self): self.answer(False)
        def log_message(self, *args): pass
    class TCP(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
    class Unix(socketserver.ThreadingMixIn, socketserver.UnixStreamServer): daemon_threads = True
    plain = TCP(("127.0.0.1", 0), H)
    tls = TCP(("127.0.0.1", 0), H)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(sys.argv[1], sys.argv[2])
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    engine = Unix(sys.argv[3], H)
    for server in (plain, tls, engine): threading.Thread(target=server.serve_forever, daemon=True).start()
    print(plain.server_address[1], tls.server_address[1], flush=True)
    threading.Event().wait()
    """
}
