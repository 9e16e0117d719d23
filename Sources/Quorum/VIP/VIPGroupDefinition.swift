/// A VIP group as the arbiter needs to know it: a name and its members.
///
/// Members are kept sorted by node name, so the definition (and every decision made from it) does not
/// depend on the order in which a configuration file or a dictionary listed them. A node listed twice keeps
/// its first entry, so a malformed definition cannot make one node count as two candidates.
public struct VIPGroupDefinition: Hashable, Codable, Sendable {
    public let name: String
    public let members: [VIPGroupMember]

    public init(name: String, members: [VIPGroupMember]) {
        self.name = name
        var seen: Set<NodeID> = []
        var unique: [VIPGroupMember] = []
        for member in members where seen.insert(member.node).inserted {
            unique.append(member)
        }
        self.members = unique.sorted { $0.node < $1.node }
    }

    /// The member entry of `node`, or nil if it is not a member of this group.
    public func member(_ node: NodeID) -> VIPGroupMember? {
        members.first { $0.node == node }
    }
}
