/// One VRRP advertisement as it crossed the wire (RFC 3768 version 2, RFC 5798 version 3, over IPv4),
/// read by the agent beside keepalived: the only direct evidence that a peer's adverts reach this node.
/// keepalived promotes a backup after three advert intervals without one; an agent that sees them stop
/// while the owner is otherwise alive can fence this node first (a flapping or lossy VRRP path).
public struct VRRPAdvert: Equatable, Sendable {
    /// The sender's IPv4 address, dotted.
    public var source: String
    public var version: Int
    public var virtualRouterID: Int
    public var priority: Int
    /// The advertisement interval the sender announces, in milliseconds.
    public var intervalMilliseconds: Int
    /// The virtual addresses it carries, dotted.
    public var addresses: [String]

    public init(source: String, version: Int, virtualRouterID: Int, priority: Int, intervalMilliseconds: Int,
                addresses: [String]) {
        self.source = source
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.intervalMilliseconds = intervalMilliseconds
        self.addresses = addresses
    }

    /// IP protocol number of VRRP.
    public static let ipProtocol: Int32 = 112

    /// Parses a raw IPv4 datagram (header included, as a raw socket delivers it). Nil for anything that
    /// is not a well-formed VRRP advertisement: bad input is dropped, never trusted.
    public static func parse(ipv4 packet: [UInt8]) -> VRRPAdvert? {
        guard packet.count >= 20, packet[0] >> 4 == 4 else { return nil }
        let headerLength = Int(packet[0] & 0x0F) * 4
        guard headerLength >= 20, packet.count >= headerLength + 8, packet[9] == UInt8(ipProtocol) else { return nil }
        let totalLength = Int(packet[2]) << 8 | Int(packet[3])
        let end = min(packet.count, totalLength >= headerLength ? totalLength : packet.count)
        let body = Array(packet[headerLength..<end])
        guard body.count >= 8 else { return nil }
        let version = Int(body[0] >> 4)
        guard body[0] & 0x0F == 1, version == 2 || version == 3 else { return nil }
        let count = Int(body[3])
        guard body.count >= 8 + count * 4 else { return nil }
        let interval: Int
        if version == 2 {
            interval = Int(body[5]) * 1000
        } else {
            interval = (Int(body[4] & 0x0F) << 8 | Int(body[5])) * 10
        }
        let addresses = (0..<count).map { index in dotted(body, at: 8 + index * 4) }
        return VRRPAdvert(source: dotted(packet, at: 12), version: version, virtualRouterID: Int(body[1]),
                          priority: Int(body[2]), intervalMilliseconds: interval, addresses: addresses)
    }

    private static func dotted(_ bytes: [UInt8], at offset: Int) -> String {
        bytes[offset..<offset + 4].map { String($0) }.joined(separator: ".")
    }
}
