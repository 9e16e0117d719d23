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
    /// Another member holds the grant and the fleet sees it alive, but this node has not heard it for
    /// longer than the contact window: keepalived here most likely misses its adverts too, and would
    /// make this node a second MASTER (the pair link is cut while both halves still reach the quorum).
    public var ownerOutOfReach: Bool
    /// The coordinator has been silent for a few heartbeats: leases cannot be renewed now, which says
    /// nothing about where the grant is. Only `freeze` looks at it.
    public var coordinatorQuiet: Bool
    /// This node hears at least one other member of the group: it is not the one cut off. Only
    /// `freeze` looks at it.
    public var hearsAFellowMember: Bool
    /// The level this node wrote last (nil before the first decision): what `freeze` keeps.
    public var previousLevel: TrackLevel?
    /// What to do while no coordinator answers.
    public var noQuorumPolicy: NoQuorumPolicy
    /// keepalived's VRRP process runs and is not stopped. When it is gone, nothing here sends adverts or
    /// can let go of the address in an orderly way: the node is out until keepalived is back.
    public var keepalivedRunning: Bool
    /// Another member, not confirmed dead, still has the VIP on its interface although its keepalived
    /// is down (a killed keepalived leaves the address behind). Raising this node now would make a
    /// second holder; it waits until the address is gone or that member is confirmed dead.
    public var staleAddressElsewhere: Bool
    /// The holder says it is the MASTER owner and this node hears it on the mesh, yet none of its VRRP
    /// adverts has reached this node for over two advert intervals (a flapping or lossy VRRP path, or
    /// VRRP on another network than the mesh): keepalived here would promote itself at three, making a
    /// second MASTER, so this node steps out first.
    public var advertsMissing: Bool
    /// Another member holds the grant, is eligible, and is not MASTER yet (start-up, a keepalived
    /// restarted under it), while this node is not MASTER either: this node stays out, so keepalived
    /// places the VIP on the holder alone instead of electing among several BACKUPs that leave FAULT at
    /// nearly the same time (two MASTERs for a moment under load).
    public var awaitingHolder: Bool

    public init(ownerLeaseEnd: Instant? = nil, standbyLeaseEnd: Instant? = nil, checksPassing: Bool,
                quorumReachable: Bool, pinnedHere: Bool = false, mode: VIPMemberMode = .auto,
                handover: HandoverRole? = nil, ownerOutOfReach: Bool = false, coordinatorQuiet: Bool = false,
                hearsAFellowMember: Bool = false, previousLevel: TrackLevel? = nil,
                noQuorumPolicy: NoQuorumPolicy = .stop, keepalivedRunning: Bool = true,
                staleAddressElsewhere: Bool = false, advertsMissing: Bool = false, awaitingHolder: Bool = false) {
        self.ownerLeaseEnd = ownerLeaseEnd
        self.standbyLeaseEnd = standbyLeaseEnd
        self.checksPassing = checksPassing
        self.quorumReachable = quorumReachable
        self.pinnedHere = pinnedHere
        self.mode = mode
        self.handover = handover
        self.ownerOutOfReach = ownerOutOfReach
        self.coordinatorQuiet = coordinatorQuiet
        self.hearsAFellowMember = hearsAFellowMember
        self.previousLevel = previousLevel
        self.noQuorumPolicy = noQuorumPolicy
        self.keepalivedRunning = keepalivedRunning
        self.staleAddressElsewhere = staleAddressElsewhere
        self.advertsMissing = advertsMissing
        self.awaitingHolder = awaitingHolder
    }
}
