/// What a node believes about a member. `left` is kept apart from `dead` so that a planned shutdown
/// never looks like a failure to the layers above (no failover alarm for a graceful leave).
public enum MemberStatus: String, Sendable, Codable, CaseIterable {
    case alive, suspect, dead, left

    /// Whether the member still takes part in probing and gossip.
    public var isActive: Bool { self == .alive || self == .suspect }
}
