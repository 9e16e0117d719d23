/// Where each VIP ends up once every targeted member of its group is done. During the work the group
/// is pinned to the member in service (seed 000's "unconditional master", through the quorum); the
/// pin is always lifted at the end.
public struct VIPPolicy: Hashable, Codable, Sendable {
    public enum HandBack: Hashable, Codable, Sendable {
        /// The VIP stays where the update left it: the fewest moves (one per group).
        case stay
        /// The VIP goes back to the member that held it when the operation started.
        case `return`
        /// The VIP goes to the named member of each group (groups not named: `stay`).
        case owners([String: String])
    }

    public var handBack: HandBack
    /// Touch no VIP: no pins, no handovers, and members of one group may share a batch (the batch
    /// size alone decides). For ad-hoc commands (`nodeagent exec`), not for updates.
    public var leaveVIPs: Bool

    public init(handBack: HandBack = .stay, leaveVIPs: Bool = false) {
        self.handBack = handBack
        self.leaveVIPs = leaveVIPs
    }
}
