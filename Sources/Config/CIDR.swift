/// An IP network in CIDR notation, such as a VIP `198.18.0.100/24`.
///
/// The address keeps its host bits: for a VIP, `198.18.0.100/24` means "the address .100 on a /24",
/// exactly what keepalived's `virtual_ipaddress` expects, not the network `198.18.0.0/24`.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init(address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// Parses `address/prefix`; nil when either part is malformed or the prefix is too long.
    public static func parse(_ text: String) -> CIDR? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress.parse(String(parts[0])) else { return nil }
        let prefix = parts[1]
        guard (1...3).contains(prefix.count), prefix.allSatisfy(\.isASCIIDigit),
              let length = Int(prefix), (0...address.bitWidth).contains(length) else { return nil }
        guard prefix.count == 1 || prefix.first != "0" else { return nil }
        return CIDR(address: address, prefixLength: length)
    }
}
