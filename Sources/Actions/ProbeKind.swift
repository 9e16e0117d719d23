/// What a check probes. Each case carries exactly what its probe needs. (Named apart from the
/// configuration's `CheckProbe` so that a module importing both stays unambiguous.)
public enum ProbeKind: Sendable, Equatable, Hashable {
    /// A TCP connect to `host:port` succeeds within the timeout.
    case tcp(host: String, port: Int)
    /// A GET of an `http://` or `https://` URL answers with `expectStatus`.
    ///
    /// https does NOT verify the server's certificate chain or name: a local health endpoint usually
    /// has a self-signed certificate, and the probe asks "does the service answer", not "whom do I
    /// trust". No proxy is used and redirects are not followed: a 3xx is compared to `expectStatus`.
    case http(url: String, expectStatus: Int)
    /// The Docker Engine API (over its unix socket) reports the container as running.
    case docker(container: String)
    /// systemd's manager (over D-Bus) reports the unit as active, as `systemctl is-active` would.
    case systemd(unit: String)
    /// The program exits 0. `argv[0]` is an absolute path: no shell, no PATH lookup.
    case command(argv: [String])
    /// Patroni's REST API at `url` answers 200 on `endpoint` (`leader`, `replica`, `health`): Patroni's
    /// own verdict on this member's role, as HAProxy's checks use it.
    case patroni(url: String, endpoint: String)

    /// A short name of the probe's type for logs, e.g. "tcp".
    public var typeName: String {
        switch self {
        case .tcp: "tcp"
        case .http: "http"
        case .docker: "docker"
        case .systemd: "systemd"
        case .command: "command"
        case .patroni: "patroni"
        }
    }
}
