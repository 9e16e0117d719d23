/// `[quorum]`: optional overrides of the quorum module's timings. Nil means "use the module's
/// default", so the defaults live with the Raft code that depends on them.
public struct QuorumTuning: Sendable, Equatable {
    /// The fleet's voters by node name: the same list on every node. Empty means no quorum: the node
    /// gossips but no coordinator is elected (fine for a lone test node, not for a fleet).
    public var voters: [String]
    public var heartbeatMs: Int?
    public var electionTimeoutMinMs: Int?
    public var electionTimeoutMaxMs: Int?
    public var leaseMs: Int?
    public var clockDriftMarginMs: Int?

    public init(voters: [String] = [], heartbeatMs: Int? = nil, electionTimeoutMinMs: Int? = nil, electionTimeoutMaxMs: Int? = nil,
                leaseMs: Int? = nil, clockDriftMarginMs: Int? = nil) {
        self.voters = voters
        self.heartbeatMs = heartbeatMs
        self.electionTimeoutMinMs = electionTimeoutMinMs
        self.electionTimeoutMaxMs = electionTimeoutMaxMs
        self.leaseMs = leaseMs
        self.clockDriftMarginMs = clockDriftMarginMs
    }

    static let durationRange = 1...3_600_000

    static let keys = ["voters", "heartbeat_ms", "election_timeout_min_ms", "election_timeout_max_ms", "lease_ms",
                       "clock_drift_margin_ms"]

    static func read(_ reader: TableReader) throws(ConfigError) -> QuorumTuning {
        try reader.rejectUnknownKeys(known: keys)
        let tuning = QuorumTuning(
            voters: try readVoters(reader),
            heartbeatMs: try reader.int("heartbeat_ms", in: durationRange),
            electionTimeoutMinMs: try reader.int("election_timeout_min_ms", in: durationRange),
            electionTimeoutMaxMs: try reader.int("election_timeout_max_ms", in: durationRange),
            leaseMs: try reader.int("lease_ms", in: durationRange),
            clockDriftMarginMs: try reader.int("clock_drift_margin_ms", in: 0...3_600_000))
        if let heartbeat = tuning.heartbeatMs, let low = tuning.electionTimeoutMinMs, heartbeat >= low {
            throw .invalid(key: reader.key("heartbeat_ms"),
                           message: "\(heartbeat) must be less than election_timeout_min_ms (\(low)), "
                               + "or followers would start elections against a healthy leader")
        }
        if let low = tuning.electionTimeoutMinMs, let high = tuning.electionTimeoutMaxMs, low >= high {
            throw .invalid(key: reader.key("election_timeout_max_ms"),
                           message: "\(high) must be greater than election_timeout_min_ms (\(low)); "
                               + "randomised timeouts need a range to avoid split votes")
        }
        return tuning
    }

    /// Voter names: node names, no duplicates, an odd count is advised but an even one is allowed.
    private static func readVoters(_ reader: TableReader) throws(ConfigError) -> [String] {
        let names = try reader.stringArray("voters") ?? []
        var seen: Set<String> = []
        for (index, name) in names.enumerated() {
            let key = reader.key("voters") + "[\(index)]"
            guard NameRules.isNodeName(name) else {
                throw .invalid(key: key, message: "\(Quote.value(name)) is not a node name (lowercase letters, digits and '-', at most 63)")
            }
            guard seen.insert(name).inserted else {
                throw .invalid(key: key, message: "\(Quote.value(name)) is listed twice")
            }
        }
        return names
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["quorum"])
        if !voters.isEmpty { writer.strings("voters", voters) }
        writer.int("heartbeat_ms", heartbeatMs)
        writer.int("election_timeout_min_ms", electionTimeoutMinMs)
        writer.int("election_timeout_max_ms", electionTimeoutMaxMs)
        writer.int("lease_ms", leaseMs)
        writer.int("clock_drift_margin_ms", clockDriftMarginMs)
    }
}
