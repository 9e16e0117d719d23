/// `[tls]`: the files for mutual TLS. Paths are absolute once parsed.
public struct TLSConfig: Sendable, Equatable {
    /// The fleet CA certificate (PEM): the only trust root for peers and admins.
    public var ca: String
    /// This node's certificate (PEM); its SAN must name the node.
    public var cert: String
    /// This node's private key (PEM).
    public var key: String
    /// Optional file of revoked certificate serials, one per line.
    public var revoked: String?

    public init(ca: String, cert: String, key: String, revoked: String? = nil) {
        self.ca = ca
        self.cert = cert
        self.key = key
        self.revoked = revoked
    }

    static let keys = ["ca", "cert", "key", "revoked"]

    static func read(_ reader: TableReader, base: String) throws(ConfigError) -> TLSConfig {
        try reader.rejectUnknownKeys(known: keys)
        func required(_ name: String) throws(ConfigError) -> String {
            guard let path = try ConfigPath.read(reader, name, base: base) else {
                throw .missing(key: reader.key(name))
            }
            return path
        }
        return TLSConfig(ca: try required("ca"), cert: try required("cert"), key: try required("key"),
                         revoked: try ConfigPath.read(reader, "revoked", base: base))
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["tls"])
        writer.string("ca", ca)
        writer.string("cert", cert)
        writer.string("key", key)
        writer.string("revoked", revoked)
    }
}
