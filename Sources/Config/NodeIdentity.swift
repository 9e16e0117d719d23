/// `[node]`: who this node is in the fleet.
public struct NodeIdentity: Sendable, Equatable {
    /// Lowercase DNS label; must equal the SAN of the node's certificate, which peers check.
    public var name: String
    /// Free-text role (`app`, `int`, `db`) used to target operations.
    public var role: String
    /// Whether the node votes in the coordinator quorum; non-voters gossip and obey.
    public var voter: Bool

    public init(name: String, role: String, voter: Bool = true) {
        self.name = name
        self.role = role
        self.voter = voter
    }

    static let keys = ["name", "role", "voter"]

    static func read(_ reader: TableReader) throws(ConfigError) -> NodeIdentity {
        try reader.rejectUnknownKeys(known: keys)
        let name = try reader.requiredString("name")
        guard NameRules.isNodeName(name) else {
            throw .invalid(key: reader.key("name"), message: "\(Quote.value(name)) is not a lowercase DNS label "
                + "(a-z, 0-9, '-', at most 63, not starting or ending with '-'), e.g. \"app1\"")
        }
        let role = try reader.requiredString("role")
        guard NameRules.isRole(role) else {
            throw .invalid(key: reader.key("role"),
                           message: "\(Quote.value(role)) is not a role: use 1 to 32 of a-z, 0-9, '_', '-'")
        }
        let voter = try reader.bool("voter") ?? true
        return NodeIdentity(name: name, role: role, voter: voter)
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["node"])
        writer.string("name", name)
        writer.string("role", role)
        writer.bool("voter", voter)
    }
}
