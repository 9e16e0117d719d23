/// The real probes. Each runs on a thread of its own (they block in `poll` and `waitpid`), returns
/// within its timeout plus a few milliseconds, and stops early when the calling task is cancelled;
/// a program it started is killed with its whole process group at the timeout.
public struct CheckProber: HealthProber {
    public var tools: ProbeTools

    public init(tools: ProbeTools = .locate()) {
        self.tools = tools
    }

    public func probe(_ kind: ProbeKind, timeout: Duration) async -> ProbeResult {
        let tools = self.tools
        return await BlockingProbe.run(timeout: max(.milliseconds(1), timeout)) { deadline in
            Self.run(kind, tools: tools, deadline: deadline)
        }
    }

    static func run(_ kind: ProbeKind, tools: ProbeTools, deadline: ProbeDeadline) -> ProbeResult {
        switch kind {
        case .tcp(let host, let port):
            return tcp(host: host, port: port, deadline: deadline)
        case .http(let url, let expectStatus):
            return http(url, expectStatus: expectStatus, tools: tools, deadline: deadline)
        case .docker(let container):
            return ToolProbes.docker(container, tool: tools.docker, deadline: deadline)
        case .systemd(let unit):
            return ToolProbes.systemd(unit, tool: tools.systemctl, deadline: deadline)
        case .command(let argv):
            return ToolProbes.command(argv, deadline: deadline)
        }
    }

    static func tcp(host: String, port: Int, deadline: ProbeDeadline) -> ProbeResult {
        let socket = ProbeSocket()
        defer { socket.close() }
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let failure = socket.connect(host: host, port: port, deadline: deadline) {
            return deadline.result(false, "tcp \(name): \(failure)")
        }
        return deadline.result(true, "tcp \(name): connected")
    }

    static func http(_ url: String, expectStatus: Int, tools: ProbeTools, deadline: ProbeDeadline) -> ProbeResult {
        switch HTTPTarget.parse(url) {
        case .failure(let error):
            return deadline.result(false, "http: \(error.description)")
        case .success(let target) where target.secure:
            return ToolProbes.https(url, expectStatus: expectStatus, tool: tools.curl, deadline: deadline)
        case .success(let target):
            return HTTPProbe.run(target, expectStatus: expectStatus, deadline: deadline)
        }
    }
}
