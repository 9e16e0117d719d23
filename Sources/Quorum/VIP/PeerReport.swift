/// What one other member of a group says about itself (gossip metadata) and how this node hears it
/// (mesh silence), gathered by the driver for `GroupEvidence`.
public struct PeerReport: Sendable, Equatable {
    /// Gossip's view of the member.
    public enum Liveness: Sendable, Equatable {
        /// Alive, or merely suspected: a suspicion is a hint, never a reason to act.
        case alive
        case suspect
        /// Confirmed dead, or left: a fact.
        case gone
    }

    public var liveness: Liveness
    /// The track level it publishes (nil before its first decision).
    public var level: TrackLevel?
    public var vrrp: ObservedVRRPState
    /// Its checks pass and its keepalived runs.
    public var healthy: Bool
    /// Whether the VIP is on its interface, as it last looked (nil: not published).
    public var holdsAddress: Bool?
    /// Whether its keepalived runs (nil: not published, an older agent).
    public var keepalivedRunning: Bool?
    /// How long since this node last heard it on the mesh (nil: never).
    public var silence: Int64?

    public init(liveness: Liveness, level: TrackLevel? = nil, vrrp: ObservedVRRPState = .unknown, healthy: Bool = false,
                holdsAddress: Bool? = nil, keepalivedRunning: Bool? = nil, silence: Int64? = nil) {
        self.liveness = liveness
        self.level = level
        self.vrrp = vrrp
        self.healthy = healthy
        self.holdsAddress = holdsAddress
        self.keepalivedRunning = keepalivedRunning
        self.silence = silence
    }

    /// Not confirmed dead: alive or only suspected.
    public var notGone: Bool { liveness != .gone }
}
