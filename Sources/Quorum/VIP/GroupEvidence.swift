/// The facts about the OTHER members of one group that can fence this node, as pure rules over what the
/// driver gathered (gossip reports, mesh silences, VRRP adverts seen). Each rule guards against a way
/// keepalived alone would make a second MASTER; each is a fact this node observed, never a suspicion.
/// `TrackDecision` turns them into a level.
public struct GroupEvidence: Sendable, Equatable {
    public var me: NodeID
    /// The member the fleet state grants the group to.
    public var holder: NodeID?
    /// This node's keepalived state.
    public var ownVRRP: ObservedVRRPState
    public var peers: [NodeID: PeerReport]
    /// Time since an advert of another node for this group last reached this node (or since this node
    /// started watching, if none has); nil when adverts are not watched here.
    public var advertSilence: Int64?
    /// The advert interval the sender announced (1 s when none was seen).
    public var advertInterval: Int64

    /// How long a fellow member may stay silent on the mesh before it counts as out of reach: the mesh
    /// pings every 500 ms, and a standby cut off from the owner must be fenced before keepalived's
    /// earliest takeover (2 × advert_int + skew ≈ 2 s after a cut).
    public static let contactWindow: Int64 = 1_250_000_000
    /// How recently the holder must have been heard for its missing adverts to mean a broken VRRP path
    /// rather than a dead or cut-off holder.
    public static let recentlyHeard: Int64 = 1_000_000_000
    /// Fence after 2.1 advert intervals without one: keepalived promotes at 3 (plus its skew), which
    /// leaves most of an interval for a tick and the track file, and one lost advert alone never fences.
    public static let advertsMissingTenths: Int64 = 21

    public init(me: NodeID, holder: NodeID?, ownVRRP: ObservedVRRPState, peers: [NodeID: PeerReport],
                advertSilence: Int64? = nil, advertInterval: Int64 = 1_000_000_000) {
        self.me = me
        self.holder = holder
        self.ownVRRP = ownVRRP
        self.peers = peers
        self.advertSilence = advertSilence
        self.advertInterval = advertInterval
    }

    /// The holder's report, when the holder is another member.
    private var holderReport: PeerReport? {
        guard let holder, holder != me else { return nil }
        return peers[holder]
    }

    private func hears(_ report: PeerReport) -> Bool {
        report.silence.map { $0 <= Self.contactWindow } ?? false
    }

    /// This node hears at least one other member (under `freeze`: it is not the one cut off).
    public var hearsAFellowMember: Bool { peers.values.contains { hears($0) } }

    /// The pair-link rule: the holder is another member that gossip (through other nodes) sees alive,
    /// yet this node does not hear it; keepalived here would miss its adverts too.
    public var ownerOutOfReach: Bool {
        guard let report = holderReport else { return false }
        return report.liveness == .alive && !hears(report)
    }

    /// A member not confirmed dead still carries the VIP while its keepalived is down (a SIGKILLed
    /// keepalived leaves the address): raising this node would make a second holder.
    public var staleAddressElsewhere: Bool {
        peers.values.contains { $0.notGone && $0.holdsAddress == true && $0.keepalivedRunning == false }
    }

    /// The adverts rule: the holder reports itself the MASTER owner and was heard on the mesh within the
    /// last second, yet none of its adverts reached this node for 2.1 intervals (a flapping or lossy
    /// VRRP path, or VRRP on another network): keepalived here would promote itself at three.
    public var advertsMissing: Bool {
        guard let report = holderReport, let advertSilence, report.level == .owner, report.vrrp == .master,
              let silence = report.silence, silence <= Self.recentlyHeard else { return false }
        return advertSilence > advertInterval * Self.advertsMissingTenths / 10
    }

    /// The holder is another member, not confirmed dead, healthy and eligible by its own report, and not
    /// MASTER yet, while this node is not MASTER either (start-up, a keepalived restarted under the
    /// holder): this node stays out so that keepalived places the VIP on the holder alone. A MASTER here
    /// is left to the handover rules, which must not let go before a successor is raised.
    public var awaitingHolder: Bool {
        guard let report = holderReport, ownVRRP != .master, report.notGone, report.healthy,
              let level = report.level, level > .ineligible else { return false }
        return report.vrrp == .backup || report.vrrp == .unknown
    }
}
