/// Why track values cannot be computed for a group.
public enum TrackValuesError: Error, Hashable, Sendable, CustomStringConvertible {
    case noMembers
    case priorityOutOfRange(member: String, priority: Int)
    case unknownMember(String)

    public var description: String {
        switch self {
        case .noMembers:
            "the group has no members"
        case let .priorityOutOfRange(member, priority):
            "priority \(priority) of \(member) is outside 1...253 (254 cannot be outbid by a boosted owner, "
                + "255 is keepalived's address owner, which ignores track files)"
        case let .unknownMember(name):
            "\(name) is not a member of the group"
        }
    }
}
