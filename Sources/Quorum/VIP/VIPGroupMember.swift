/// One member of a VIP group as configured: its node, its keepalived priority and its configured mode.
public struct VIPGroupMember: Hashable, Codable, Sendable {
    public var node: NodeID
    /// The keepalived VRRP priority (1...254); the arbiter's last tie-breaker, highest first.
    public var priority: Int
    /// The mode from the configuration; the replicated state may override it (see `VIPArbiterInput`).
    public var mode: VIPMemberMode

    public init(node: NodeID, priority: Int, mode: VIPMemberMode = .auto) {
        self.node = node
        self.priority = priority
        self.mode = mode
    }
}
