/// Who a member is: the node name its certificate proves, and the `host:port` address it listens on.
///
/// The name is the identity (a restarted node keeps it); the address is only where to reach it, so a
/// member that comes back on a new address replaces the old one when its higher incarnation arrives.
public struct MemberID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var name: String
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    public var description: String { "\(name)@\(address)" }
}
