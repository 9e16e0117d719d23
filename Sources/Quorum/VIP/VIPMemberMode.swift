/// How a member of a VIP group takes part in arbitration.
///
/// The arbiter's own type rather than the configuration's, because the Quorum core depends on nothing but
/// the wire types; the replicated state stores modes as strings (`FleetCommand.setVIPMode`) so that an
/// older agent can still apply a command naming a mode it does not know.
public enum VIPMemberMode: String, Hashable, Codable, Sendable, CaseIterable {
    /// May own the VIP when alive, reachable and healthy.
    case auto
    /// Never owns the VIP (a cold standby, a node under maintenance).
    case passive

    /// Reads a mode from the replicated fleet state. `active` is accepted as a synonym of `auto` and
    /// `maintenance` of `passive`; any other text is `passive`, because a mode this agent does not
    /// understand must never make a node an owner.
    public init(stateText: String) {
        switch stateText.lowercased() {
        case "auto", "active": self = .auto
        default: self = .passive
        }
    }
}
