/// What a health check probes. Each kind carries exactly the settings it needs, so a check can
/// never be half one type and half another.
public enum CheckProbe: Sendable, Equatable {
    /// A TCP connect to `address` succeeds.
    case tcp(address: HostPort)
    /// An HTTP(S) GET of `url` answers with `expectStatus`.
    case http(url: String, expectStatus: Int)
    /// The docker container is running.
    case docker(container: String)
    /// The systemd unit is active.
    case systemd(unit: String)
    /// The command exits 0; `argv[0]` is an absolute path (no PATH lookup in a root daemon).
    case command(argv: [String])
    /// Patroni's REST API at `url` says this node is in `role`: `leader` (it is the writable primary),
    /// `replica` (a running replica) or `healthy` (PostgreSQL runs, whatever the role). The DB cluster's
    /// own VIP in front of HAProxy is arbitrated on it like the app and int pairs.
    case patroni(url: String, role: String)

    /// The roles a `patroni` check accepts, and the Patroni endpoint that answers 200 for each.
    public static let patroniEndpoints = ["leader": "leader", "replica": "replica", "healthy": "health"]

    /// The value of `type` in the TOML table.
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

    static let typeNames = ["tcp", "http", "docker", "systemd", "command", "patroni"]

    /// The type-specific keys of each check type.
    static func keys(forType type: String) -> [String] {
        switch type {
        case "tcp": ["address"]
        case "http": ["url", "expect_status"]
        case "docker": ["container"]
        case "systemd": ["unit"]
        case "command": ["argv"]
        case "patroni": ["url", "role"]
        default: []
        }
    }

    static func read(type: String, _ reader: TableReader) throws(ConfigError) -> CheckProbe {
        switch type {
        case "tcp":
            guard let address = try NetworkConfig.hostPort(reader, "address") else {
                throw .missing(key: reader.key("address"))
            }
            return .tcp(address: address)
        case "http":
            let url = try reader.requiredString("url")
            try checkURL(url, key: reader.key("url"))
            return .http(url: url, expectStatus: try reader.int("expect_status", in: 100...599) ?? 200)
        case "docker":
            let container = try reader.requiredString("container")
            guard NameRules.isContainerName(container) else {
                throw .invalid(key: reader.key("container"),
                               message: "\(Quote.value(container)) is not a docker container name or ID")
            }
            return .docker(container: container)
        case "systemd":
            let unit = try reader.requiredString("unit")
            guard NameRules.isUnitName(unit) else {
                throw .invalid(key: reader.key("unit"),
                               message: "\(Quote.value(unit)) is not a systemd unit name, e.g. \"web.service\"")
            }
            return .systemd(unit: unit)
        case "patroni":
            let url = try reader.string("url") ?? "http://127.0.0.1:8008"
            try checkURL(url, key: reader.key("url"))
            let role = try reader.requiredString("role")
            guard patroniEndpoints[role] != nil else {
                throw .invalid(key: reader.key("role"), message: "\(Quote.value(role)) is not a Patroni role to check; "
                    + "expected \"leader\", \"replica\" or \"healthy\"")
            }
            return .patroni(url: url, role: role)
        default:
            guard let argv = try reader.stringArray("argv") else { throw .missing(key: reader.key("argv")) }
            try checkArgv(argv, key: reader.key("argv"))
            return .command(argv: argv)
        }
    }

    private static func checkURL(_ url: String, key: String) throws(ConfigError) {
        let rest: Substring
        if url.hasPrefix("http://") {
            rest = url.dropFirst("http://".count)
        } else if url.hasPrefix("https://") {
            rest = url.dropFirst("https://".count)
        } else {
            throw .invalid(key: key, message: "\(Quote.value(url)) is not an http:// or https:// URL, "
                + "e.g. \"http://127.0.0.1:8080/health\"")
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else {
            throw .invalid(key: key, message: "\(Quote.value(url)) has no host")
        }
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw .invalid(key: key, message: "\(Quote.value(url)) contains blanks or control characters")
        }
    }

    /// An argv list must name a program by absolute path; arguments may be anything.
    static func checkArgv(_ argv: [String], key: String) throws(ConfigError) {
        guard let program = argv.first else {
            throw .invalid(key: key, message: "is empty; expected a program and its arguments, e.g. [\"/bin/true\"]")
        }
        guard program.hasPrefix("/") else {
            throw .invalid(key: key + "[0]",
                           message: "\(Quote.value(program)) is not an absolute path; the agent runs commands "
                               + "without a shell or PATH lookup")
        }
    }

    func render(into writer: inout TOMLWriter) {
        writer.string("type", typeName)
        switch self {
        case .tcp(let address):
            writer.string("address", address.description)
        case .http(let url, let expectStatus):
            writer.string("url", url)
            writer.int("expect_status", expectStatus)
        case .docker(let container):
            writer.string("container", container)
        case .systemd(let unit):
            writer.string("unit", unit)
        case .command(let argv):
            writer.strings("argv", argv)
        case .patroni(let url, let role):
            writer.string("url", url)
            writer.string("role", role)
        }
    }
}
