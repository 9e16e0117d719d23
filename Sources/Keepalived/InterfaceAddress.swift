/// One address configured on a network interface, as `ip -j addr` reports it.
public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Family: String, Hashable, Sendable {
        case inet
        case inet6
    }

    public var interface: String
    public var family: Family
    /// The address in the text form `ip` printed.
    public var address: String
    public var prefixLength: Int

    public init(interface: String, family: Family, address: String, prefixLength: Int) {
        self.interface = interface
        self.family = family
        self.address = address
        self.prefixLength = prefixLength
    }

    public var description: String { "\(address)/\(prefixLength) on \(interface)" }
}
