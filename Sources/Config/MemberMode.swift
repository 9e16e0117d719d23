/// How a member of a VIP group takes part in arbitration.
public enum MemberMode: String, Sendable, Equatable, CaseIterable {
    /// Eligible to own the VIP when healthy and granted.
    case auto
    /// Never owns the VIP (e.g. a node kept as a cold standby or under maintenance).
    case passive
}
