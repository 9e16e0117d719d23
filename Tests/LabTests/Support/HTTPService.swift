#if os(Linux)
import Foundation

/// The checked service of an app or int node: a tiny HTTP server on every address of the node's
/// namespace (the VIP included) that answers 200 "ok ADDRESS VERSION" while healthy and 503 while a flag
/// file exists, so a client of the VIP sees which node answered, and which version (the file
/// `FLAG-version`, "v1" without it: an operation's steps replace it). Tests make it fail the two ways real services
/// do — answering errors (`fail()`) or vanishing (`crash()`) — and recover it.
final class HTTPService: LabService {
    let node: LabNode
    let port: Int
    /// The URL keepalived's check script (and the tests) probe.
    var url: String { "http://\(node.address):\(port)/" }

    /// Weak: the lab owns its services (to stop them), so a strong reference back would keep a
    /// forgotten lab, and its namespaces, alive forever.
    private weak var lab: Lab?
    private let scriptPath: String
    private let flagPath: String
    private var process: LaunchedProcess?

    /// Prepares the service for `node`; call `start()` to run it.
    init(lab: Lab, node: LabNode, port: Int = 8080) throws {
        guard (1...65_535).contains(port) else {
            throw LabError.invalidRequest("port \(port) out of range")
        }
        self.lab = lab
        self.node = node
        self.port = port
        scriptPath = lab.directory + "/http-service.py"
        flagPath = lab.directory + "/\(node.name)-http-failing"
        if !FileManager.default.fileExists(atPath: scriptPath) {
            guard FileManager.default.createFile(atPath: scriptPath, contents: Data(HTTPService.script.utf8)) else {
                throw LabError.invalidRequest("cannot write \(scriptPath)")
            }
        }
        lab.register(self)
    }

    private func liveLab() throws -> Lab {
        guard let lab else { throw LabError.invalidRequest("the lab of this HTTP service on \(node.name) is gone") }
        return lab
    }

    /// The PID of the running server, if any.
    var pid: pid_t? { process.flatMap { $0.isRunning ? $0.pid : nil } }

    /// Starts the server (healthy) and returns once it answers 200, or throws within `timeout`.
    func start(timeout: Duration = .seconds(5)) throws {
        guard pid == nil else { return }
        try recover()
        process = try liveLab().launch(in: node, [try HTTPService.python(), scriptPath, node.address, String(port), flagPath],
                                 logName: "\(node.name)-http.log")
        let deadline = ContinuousClock.now + timeout
        while try status() != 200 {
            if ContinuousClock.now >= deadline {
                throw LabError.timedOut("the HTTP service on \(node) to answer: \(process?.logTail() ?? "")")
            }
            usleep(20_000)
        }
    }

    /// The flag file whose presence makes the server answer 503 (an operation's steps touch it).
    var flagFile: String { flagPath }

    /// Makes the running server answer 503 from now on.
    func fail() throws {
        guard FileManager.default.createFile(atPath: flagPath, contents: Data()) else {
            throw LabError.invalidRequest("cannot write \(flagPath)")
        }
    }

    /// Makes the server answer 200 again.
    func recover() throws {
        if FileManager.default.fileExists(atPath: flagPath) {
            try FileManager.default.removeItem(atPath: flagPath)
        }
    }

    /// Kills the server (SIGKILL), as a crashed service.
    func crash() {
        process?.crash()
        process = nil
    }

    /// The HTTP status seen from inside the node (0 when nothing answers within a second).
    func status() throws -> Int {
        let result = try liveLab().run(in: node, ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                            "--max-time", "1", url], timeout: .seconds(3))
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Stops the server with SIGKILL: it holds no state worth a graceful end, and a SIGTERM may be
    /// ignored (a test runner can pass SIG_IGN down to its children), costing the whole grace period.
    func stop() {
        process?.crash()
        process = nil
    }

    /// Debian's python3 when present (a PATH shim may wrap it), else the one on PATH.
    static func python() throws -> String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
            ? "/usr/bin/python3" : try Command.resolve("python3")
    }

    /// The server: arguments are address, port and the flag file whose presence means "failing".
    static let script = """
        import http.server, os, sys

        address, port, flag = sys.argv[1], int(sys.argv[2]), sys.argv[3]

        class Health(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                healthy = not os.path.exists(flag)
                try:
                    version = open(flag + "-version").read().strip()
                except OSError:
                    version = "v1"
                body = ("ok %s %s\\n" if healthy else "failing %s %s\\n") % (address, version)
                self.send_response(200 if healthy else 503)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        # Every address of the namespace, the VIP included, so a client of the VIP learns who answered.
        http.server.ThreadingHTTPServer(("", port), Health).serve_forever()

        """
}
#endif
