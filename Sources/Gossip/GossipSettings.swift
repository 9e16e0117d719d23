/// Timing and fan-out of the failure detector. The defaults are tuned (by the GossipSim simulations) for a
/// LAN HA fleet of about 5–50 nodes talking over persistent TLS connections: a killed node is declared dead
/// by every survivor in about 1–1.5 s, while a node that stalls for less than `suspicionMin` is never.
public struct GossipSettings: Sendable, Equatable, Codable {
    /// How often the driver calls `onTick`. 20 ms keeps timer error at an eighth of the probe interval,
    /// which is noise next to the suspicion timeouts, while costing nothing measurable.
    public var tickInterval: Duration = .milliseconds(20)
    /// One protocol period: each node probes one member per period. 160 ms (tuned down from SWIM's usual
    /// 200 ms in GossipSim) brings the time until *someone* probes a silently vanished host low enough for
    /// a 7-node fleet to declare it dead within 1.5 s at p99, for one ping + ack per period (~6/s).
    public var probeInterval: Duration = .milliseconds(160)
    /// How long to wait for a direct ack before asking others to probe. LAN round trips over an open TLS
    /// connection are ~1 ms; 80 ms tolerates GC pauses and busy hosts and leaves half the period for the
    /// indirect probes.
    public var probeTimeout: Duration = .milliseconds(80)
    /// How many members are asked to probe indirectly. 3 (SWIM's k) makes a lost direct path alone very
    /// unlikely to cause a suspicion, at 3 small messages per failed probe.
    public var indirectChecks: Int = 3
    /// Lifeguard's lower bound on the suspicion timeout, reached with `expectedConfirmations`
    /// independent suspicions. 600 ms: a node stalled for less than this (plus the probe period that
    /// precedes any suspicion) can never be declared dead.
    public var suspicionMin: Duration = .milliseconds(600)
    /// The suspicion timeout with no confirmation. 3 s gives a lone, possibly unhealthy, suspector's
    /// verdict time to be refuted; independent confirmations shrink it towards `suspicionMin`.
    public var suspicionMax: Duration = .seconds(3)
    /// Confirmations (distinct other suspectors) at which the timeout reaches `suspicionMin`. 2 fits a
    /// small fleet, where only about one other node probes a given member per period.
    public var expectedConfirmations: Int = 2
    /// How often queued updates are pushed to random members. 100 ms, half a period, spreads a verdict
    /// across 50 nodes in a few hundred ms.
    public var gossipInterval: Duration = .milliseconds(100)
    /// Members each gossip round is sent to. 3 makes epidemic spread reach all of a 50-node fleet in about
    /// four rounds with very high probability.
    public var gossipFanout: Int = 3
    /// Each update is retransmitted `retransmitMultiplier · ⌈log10(N+1)⌉` times (memberlist's λ·log N): 4
    /// makes the chance that some member misses an update negligible even with message loss.
    public var retransmitMultiplier: Int = 4
    /// At most this many updates ride on one message, to keep frames small whatever happens.
    public var maxPiggyback: Int = 8
    /// Full-state exchange with one random member. 5 s repairs anything gossip missed; it is scaled up
    /// logarithmically above 32 members (as memberlist does) so per-member bandwidth stays modest.
    public var pushPullInterval: Duration = .seconds(5)
    /// How often a node re-contacts a seed or a dead member's address. 2 s makes a healed partition or a
    /// restarted node merge within a few seconds; a node that knows nobody alive tries every seed.
    public var rejoinInterval: Duration = .seconds(2)
    /// Dead and left members stay listed (and are spread in push-pull) this long: 60 s is enough for every
    /// node to learn the verdict, and for an operator to see it in the CLI.
    public var deadRetention: Duration = .seconds(60)
    /// Ceiling of Lifeguard's local-health multiplier: probe interval and timeout are multiplied by
    /// `1 + score`. 8 caps a struggling node's slowdown at 9× (1.44 s periods).
    public var maxLocalHealth: Int = 8

    public init() {}

    /// Rejects settings that would make the detector unsound, naming the field.
    public func validate() throws(GossipSettingsError) {
        try Self.requirePositive(tickInterval, "tickInterval")
        try Self.requirePositive(probeInterval, "probeInterval")
        try Self.requirePositive(probeTimeout, "probeTimeout")
        try Self.requirePositive(gossipInterval, "gossipInterval")
        try Self.requirePositive(pushPullInterval, "pushPullInterval")
        try Self.requirePositive(rejoinInterval, "rejoinInterval")
        try Self.requirePositive(deadRetention, "deadRetention")
        if probeTimeout >= probeInterval {
            throw .invalid(field: "probeTimeout", reason: "must be shorter than probeInterval (\(probeInterval))")
        }
        if tickInterval > probeTimeout {
            throw .invalid(field: "tickInterval", reason: "must not exceed probeTimeout (\(probeTimeout))")
        }
        if suspicionMin < probeInterval {
            throw .invalid(field: "suspicionMin", reason: "must be at least probeInterval (\(probeInterval))")
        }
        if suspicionMax < suspicionMin {
            throw .invalid(field: "suspicionMax", reason: "must be at least suspicionMin (\(suspicionMin))")
        }
        try Self.requireRange(indirectChecks, 0...16, "indirectChecks")
        try Self.requireRange(expectedConfirmations, 1...32, "expectedConfirmations")
        try Self.requireRange(gossipFanout, 1...32, "gossipFanout")
        try Self.requireRange(retransmitMultiplier, 1...32, "retransmitMultiplier")
        try Self.requireRange(maxPiggyback, 1...256, "maxPiggyback")
        try Self.requireRange(maxLocalHealth, 0...64, "maxLocalHealth")
    }

    private static func requirePositive(_ d: Duration, _ field: String) throws(GossipSettingsError) {
        if d <= .zero { throw .invalid(field: field, reason: "must be positive, got \(d)") }
    }

    private static func requireRange(_ v: Int, _ r: ClosedRange<Int>, _ field: String) throws(GossipSettingsError) {
        if !r.contains(v) {
            throw .invalid(field: field, reason: "must be in \(r.lowerBound)...\(r.upperBound), got \(v)")
        }
    }
}
