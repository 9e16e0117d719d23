/// The real probes, each on a library that does the I/O without a thread or a process of its own:
/// NIO for tcp, AsyncHTTPClient for http, https and the Docker Engine API, sd-bus for systemd, and
/// swift-subprocess for commands (the only probe that still starts a process). Each returns within
/// its timeout plus a few milliseconds and stops early when the calling task is cancelled; a
/// program it started is killed with its whole process group at the timeout.
public struct CheckProber: HealthProber {
    public let clients: ProbeClients

    /// - Parameter clients: the agent's `ProbeClients` on its event loop group; `shared` by default.
    public init(clients: ProbeClients = .shared) {
        self.clients = clients
    }

    public func probe(_ kind: ProbeKind, timeout: Duration) async -> ProbeResult {
        let budget = ProbeBudget(timeout: timeout)
        switch kind {
        case .tcp(let host, let port):
            return await TCPProbe.run(host: host, port: port, group: clients.eventLoopGroup, budget: budget)
        case .http(let url, let expectStatus):
            return await HTTPProbe.run(url, expectStatus: expectStatus, client: clients.http, budget: budget)
        case .docker(let container):
            return await DockerProbe.run(container, socket: clients.dockerSocket, client: clients.http, budget: budget)
        case .systemd(let unit):
            return await SystemdProbe.run(unit, bus: clients.systemd, budget: budget)
        case .command(let argv):
            return await CommandProbe.run(argv, budget: budget)
        case .patroni(let url, let endpoint):
            let root = url.hasSuffix("/") ? String(url.dropLast()) : url
            return await HTTPProbe.run(root + "/" + endpoint, expectStatus: 200, client: clients.http, budget: budget)
        }
    }
}
