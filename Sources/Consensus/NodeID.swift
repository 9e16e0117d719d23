/// The name of a fleet node as Raft sees it (the certificate SAN name, e.g. `app1`).
///
/// A distinct type rather than a bare `String` so that a node name can never be confused with a
/// group name or a command argument in the core's signatures.
public struct NodeID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public init(from decoder: any Decoder) throws {
        self.name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.name < rhs.name }
}
