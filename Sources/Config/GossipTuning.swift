/// `[gossip]`: optional overrides of the gossip module's timings. Nil means "use the module's
/// default", so the defaults live in one place (the Gossip module) and not also here.
public struct GossipTuning: Sendable, Equatable {
    public var probeIntervalMs: Int?
    public var probeTimeoutMs: Int?
    public var indirectChecks: Int?
    public var suspicionMinMs: Int?
    public var suspicionMaxMs: Int?
    public var gossipIntervalMs: Int?
    public var gossipFanout: Int?
    public var retransmitMult: Int?
    public var pushPullIntervalMs: Int?
    public var rejoinIntervalMs: Int?

    public init(probeIntervalMs: Int? = nil, probeTimeoutMs: Int? = nil, indirectChecks: Int? = nil,
                suspicionMinMs: Int? = nil, suspicionMaxMs: Int? = nil, gossipIntervalMs: Int? = nil,
                gossipFanout: Int? = nil, retransmitMult: Int? = nil, pushPullIntervalMs: Int? = nil,
                rejoinIntervalMs: Int? = nil) {
        self.probeIntervalMs = probeIntervalMs
        self.probeTimeoutMs = probeTimeoutMs
        self.indirectChecks = indirectChecks
        self.suspicionMinMs = suspicionMinMs
        self.suspicionMaxMs = suspicionMaxMs
        self.gossipIntervalMs = gossipIntervalMs
        self.gossipFanout = gossipFanout
        self.retransmitMult = retransmitMult
        self.pushPullIntervalMs = pushPullIntervalMs
        self.rejoinIntervalMs = rejoinIntervalMs
    }

    /// Durations up to an hour; anything longer is a unit mistake (seconds typed as ms is the
    /// other direction, caught by the lower bound of 1).
    static let durationRange = 1...3_600_000
    static let countRange = 1...64

    static let keys = ["probe_interval_ms", "probe_timeout_ms", "indirect_checks", "suspicion_min_ms",
                       "suspicion_max_ms", "gossip_interval_ms", "gossip_fanout", "retransmit_mult",
                       "push_pull_interval_ms", "rejoin_interval_ms"]

    static func read(_ reader: TableReader) throws(ConfigError) -> GossipTuning {
        try reader.rejectUnknownKeys(known: keys)
        let tuning = GossipTuning(
            probeIntervalMs: try reader.int("probe_interval_ms", in: durationRange),
            probeTimeoutMs: try reader.int("probe_timeout_ms", in: durationRange),
            indirectChecks: try reader.int("indirect_checks", in: countRange),
            suspicionMinMs: try reader.int("suspicion_min_ms", in: durationRange),
            suspicionMaxMs: try reader.int("suspicion_max_ms", in: durationRange),
            gossipIntervalMs: try reader.int("gossip_interval_ms", in: durationRange),
            gossipFanout: try reader.int("gossip_fanout", in: countRange),
            retransmitMult: try reader.int("retransmit_mult", in: countRange),
            pushPullIntervalMs: try reader.int("push_pull_interval_ms", in: durationRange),
            rejoinIntervalMs: try reader.int("rejoin_interval_ms", in: durationRange))
        if let timeout = tuning.probeTimeoutMs, let interval = tuning.probeIntervalMs, timeout >= interval {
            throw .invalid(key: reader.key("probe_timeout_ms"),
                           message: "\(timeout) must be less than probe_interval_ms (\(interval)), "
                               + "or a probe would still be pending when the next one starts")
        }
        if let low = tuning.suspicionMinMs, let high = tuning.suspicionMaxMs, low > high {
            throw .invalid(key: reader.key("suspicion_max_ms"),
                           message: "\(high) is less than suspicion_min_ms (\(low))")
        }
        return tuning
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["gossip"])
        writer.int("probe_interval_ms", probeIntervalMs)
        writer.int("probe_timeout_ms", probeTimeoutMs)
        writer.int("indirect_checks", indirectChecks)
        writer.int("suspicion_min_ms", suspicionMinMs)
        writer.int("suspicion_max_ms", suspicionMaxMs)
        writer.int("gossip_interval_ms", gossipIntervalMs)
        writer.int("gossip_fanout", gossipFanout)
        writer.int("retransmit_mult", retransmitMult)
        writer.int("push_pull_interval_ms", pushPullIntervalMs)
        writer.int("rejoin_interval_ms", rejoinIntervalMs)
    }
}
