/// Why a plan cannot be laid out on the fleet as it is. Each message names what to fix.
public enum RolloutError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownGroup(String, known: [String])
    case unknownRole(String, known: [String])
    case unknownNode(String)
    case noTargets
    /// A group whose every member is a target and none other can serve it: `only` is the single member.
    case singleMemberGroup(group: String, member: String)
    case unknownFinalOwner(group: String, node: String)
    /// The node holds the group and no other member is alive to take it over.
    case noSuccessor(group: String, node: String)

    public var description: String {
        switch self {
        case let .unknownGroup(name, known):
            "targets.groups: no VIP group named \"\(name)\"" + Self.listing(known, "groups")
        case let .unknownRole(name, known):
            "targets.roles: no node has the role \"\(name)\"" + Self.listing(known, "roles")
        case let .unknownNode(name):
            "targets.nodes: no node named \"\(name)\" in the fleet"
        case .noTargets:
            "the plan's targets select no node"
        case let .singleMemberGroup(group, member):
            "group \"\(group)\" has no member but \(member): updating it takes the VIP out of service; remove it from the targets or add a member"
        case let .unknownFinalOwner(group, node):
            "vip.owners: \"\(node)\" is not a member of group \"\(group)\""
        case let .noSuccessor(group, node):
            "no other member of group \"\(group)\" is alive to take its VIP over from \(node): updating \(node) now would take the VIP out of service; bring a peer back first"
        }
    }

    private static func listing(_ names: [String], _ what: String) -> String {
        names.isEmpty ? " (the fleet has no \(what))" : " (\(what): \(names.joined(separator: ", ")))"
    }
}
