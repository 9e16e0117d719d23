/// The first frame each side sends once TLS is up. The claimed `node` must equal the name in the
/// sender's certificate (its SAN); the TLS layer proves the certificate, this frame binds it to a role in
/// the fleet.
public struct Hello: Codable, Sendable, Equatable {
    /// Why the connection exists. A peer connection carries gossip and quorum traffic; an admin
    /// connection carries CLI requests.
    public enum Purpose: String, Codable, Sendable {
        case peer
        case admin
    }

    /// Version of the messages inside frames; bumped on breaking changes so old and new agents can tell.
    public var protocolVersion: Int
    public var node: String
    public var role: String
    /// Where the sender listens for peers (`host:port`); empty for admin clients.
    public var address: String
    public var agentVersion: String
    public var purpose: Purpose

    public static let currentProtocolVersion = 1

    public init(node: String, role: String, address: String, agentVersion: String, purpose: Purpose) {
        self.protocolVersion = Hello.currentProtocolVersion
        self.node = node
        self.role = role
        self.address = address
        self.agentVersion = agentVersion
        self.purpose = purpose
    }
}
