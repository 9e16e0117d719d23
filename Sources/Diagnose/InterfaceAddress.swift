/// One network interface as the MAC check reads it from /sys/class/net/NAME: its address and
/// its hardware type (1 is Ethernet; others carry no MAC worth checking).
public struct InterfaceAddress: Sendable, Equatable {
    public var name: String
    public var address: String
    public var type: Int?

    public init(name: String, address: String, type: Int?) {
        self.name = name
        self.address = address
        self.type = type
    }
}
