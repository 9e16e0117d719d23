/// What one node knows locally about its standing in one group; the input of `TrackDecision`.
public struct TrackInputs: Hashable, Codable, Sendable {
    /// End of this node's owner lease on the group (its own clock), if the coordinator granted one.
    public var ownerLeaseEnd: Instant?
    /// End of this node's standby lease on the group, if any.
    public var standbyLeaseEnd: Instant?
    /// Every check of the group passes here.
    public var checksPassing: Bool
    /// This node can currently reach a quorum of voters.
    public var quorumReachable: Bool
    /// The replicated state pins the group to this node: failing checks do not fence it (the operator's
    /// "unconditional master"). Quorum and lease still do.
    public var pinnedHere: Bool
    /// The effective mode of this node in the group.
    public var mode: VIPMemberMode
    /// This node's part in a planned handover under way, if any.
    public var handover: HandoverRole?

    public init(ownerLeaseEnd: Instant? = nil, standbyLeaseEnd: Instant? = nil, checksPassing: Bool,
                quorumReachable: Bool, pinnedHere: Bool = false, mode: VIPMemberMode = .auto,
                handover: HandoverRole? = nil) {
        self.ownerLeaseEnd = ownerLeaseEnd
        self.standbyLeaseEnd = standbyLeaseEnd
        self.checksPassing = checksPassing
        self.quorumReachable = quorumReachable
        self.pinnedHere = pinnedHere
        self.mode = mode
        self.handover = handover
    }
}
