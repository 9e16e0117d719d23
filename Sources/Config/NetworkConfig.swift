/// `[network]`: where the agent listens, what peers dial, and whom it contacts first.
public struct NetworkConfig: Sendable, Equatable {
    /// The address the peer listener binds; may be a wildcard (`0.0.0.0:7946`).
    public var listen: HostPort
    /// The address peers dial to reach this node; defaults to `listen`, never a wildcard.
    public var advertise: HostPort
    /// Addresses contacted at start and on periodic re-join, so a healed partition merges again.
    public var seeds: [HostPort]
    /// Unix socket for the local admin CLI.
    public var adminSocket: String
    /// Optional TCP endpoint for remote admin clients (mutual TLS, admin certificates only).
    public var adminListen: HostPort?
    /// Optional HTTPS endpoint of the HTTP API and `/metrics` (mutual TLS with the fleet's certificates:
    /// admin certificates may change the fleet, node certificates only read).
    public var httpListen: HostPort?
    /// Optional plain-HTTP endpoint on a loopback address: the API read-only, `/metrics`, for a person
    /// at the node or behind an SSH tunnel. Refused on any other address.
    public var httpLoopback: HostPort?

    public static let defaultAdminSocket = "/run/nodeagent/admin.sock"

    public init(listen: HostPort, advertise: HostPort? = nil, seeds: [HostPort] = [],
                adminSocket: String = NetworkConfig.defaultAdminSocket, adminListen: HostPort? = nil,
                httpListen: HostPort? = nil, httpLoopback: HostPort? = nil) {
        self.listen = listen
        self.advertise = advertise ?? listen
        self.seeds = seeds
        self.adminSocket = adminSocket
        self.adminListen = adminListen
        self.httpListen = httpListen
        self.httpLoopback = httpLoopback
    }

    static let keys = ["listen", "advertise", "seeds", "admin_socket", "admin_listen", "http_listen", "http_loopback"]

    /// The longest path a Unix socket address can hold (`sun_path` is 108 bytes with its NUL).
    static let maxSocketPathBytes = 107

    static func read(_ reader: TableReader, base: String) throws(ConfigError) -> NetworkConfig {
        try reader.rejectUnknownKeys(known: keys)
        guard let listen = try hostPort(reader, "listen") else { throw .missing(key: reader.key("listen")) }
        let advertise = try readAdvertise(reader, listen: listen)
        let seeds = try readSeeds(reader)
        let adminSocket = try ConfigPath.read(reader, "admin_socket", base: base)
            ?? ConfigPath.resolve(defaultAdminSocket, against: base)
        guard adminSocket.utf8.count <= maxSocketPathBytes else {
            throw .invalid(key: reader.key("admin_socket"),
                           message: "\(Quote.value(adminSocket)) is longer than the \(maxSocketPathBytes) bytes "
                               + "a Unix socket path can have")
        }
        let adminListen = try hostPort(reader, "admin_listen")
        if let adminListen, adminListen == listen {
            throw .invalid(key: reader.key("admin_listen"),
                           message: "\"\(adminListen)\" is the same endpoint as network.listen; use another port")
        }
        let httpListen = try hostPort(reader, "http_listen")
        let httpLoopback = try hostPort(reader, "http_loopback")
        if let httpLoopback, httpLoopback.ipAddress?.isLoopback != true {
            throw .invalid(key: reader.key("http_loopback"), message: "\"\(httpLoopback)\" is not a loopback address (127.0.0.0/8 or ::1): "
                + "the plain-HTTP API has no authentication and must not be reachable from the network; use http_listen (mutual TLS) for that")
        }
        let taken = [("network.listen", listen), ("network.admin_listen", adminListen), ("network.http_listen", httpListen)]
        for (key, value) in [("http_listen", httpListen), ("http_loopback", httpLoopback)] {
            guard let value else { continue }
            if let clash = taken.first(where: { $0.1 == value && $0.0 != "network." + key }) {
                throw .invalid(key: reader.key(key), message: "\"\(value)\" is the same endpoint as \(clash.0); use another port")
            }
        }
        return NetworkConfig(listen: listen, advertise: advertise, seeds: seeds, adminSocket: adminSocket,
                             adminListen: adminListen, httpListen: httpListen, httpLoopback: httpLoopback)
    }

    private static func readAdvertise(_ reader: TableReader, listen: HostPort) throws(ConfigError) -> HostPort {
        guard let advertise = try hostPort(reader, "advertise") else {
            if listen.isWildcard {
                throw .invalid(key: reader.key("advertise"),
                               message: "required because network.listen \"\(listen)\" is a wildcard address "
                                   + "peers cannot dial — set the address peers should use, e.g. \"10.0.0.5:\(listen.port)\"")
            }
            return listen
        }
        guard !advertise.isWildcard else {
            throw .invalid(key: reader.key("advertise"),
                           message: "\"\(advertise)\" is a wildcard address; peers need a real address to dial")
        }
        return advertise
    }

    private static func readSeeds(_ reader: TableReader) throws(ConfigError) -> [HostPort] {
        let texts = try reader.stringArray("seeds") ?? []
        var seeds: [HostPort] = []
        for (index, text) in texts.enumerated() {
            let key = reader.key("seeds") + "[\(index)]"
            let seed = try parseHostPort(text, key: key)
            if let first = seeds.firstIndex(of: seed) {
                throw .invalid(key: key, message: "\"\(seed)\" is listed twice (also at seeds[\(first)])")
            }
            if seed.isWildcard {
                throw .invalid(key: key, message: "\"\(seed)\" is a wildcard address and cannot be dialled")
            }
            seeds.append(seed)
        }
        return seeds
    }

    static func hostPort(_ reader: TableReader, _ name: String) throws(ConfigError) -> HostPort? {
        guard let text = try reader.string(name) else { return nil }
        return try parseHostPort(text, key: reader.key(name))
    }

    static func parseHostPort(_ text: String, key: String) throws(ConfigError) -> HostPort {
        do {
            return try HostPort.parse(text)
        } catch {
            throw .invalid(key: key, message: error.description)
        }
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["network"])
        writer.string("listen", listen.description)
        writer.string("advertise", advertise.description)
        writer.strings("seeds", seeds.map(\.description))
        writer.string("admin_socket", adminSocket)
        writer.string("admin_listen", adminListen?.description)
        writer.string("http_listen", httpListen?.description)
        writer.string("http_loopback", httpLoopback?.description)
    }
}
