/// Static configuration of one Raft node: who votes, who only follows, and the timing knobs.
///
/// Defaults suit a LAN: heartbeat 50 ms, election timeout randomized in 300–600 ms, leases of 300 ms,
/// ±1 % clock-rate drift and a 20 ms margin.
///
/// Timing model (full text in docs/quorum-timing.md): clocks are local and may run at rates within ±ρ of true time,
/// so every window is measured on one node's clock and converted at the worst rate.
/// - Vote lease: a voter that heard from the coordinator, or just restarted, ignores vote requests for
///   E_min (except a TimeoutNow-ordered campaign).
/// - Leader lease: the coordinator acts alone only while a majority acknowledged messages it SENT within
///   `leaderLeaseWindowNanos` = E_min·(1−ρ)/(1+ρ) − margin; no other coordinator can be elected meanwhile.
/// - Grant leases: a holder counts L from the moment it SENT the request the grant answers; the
///   coordinator waits `grantWaitNanos` = L·(1+ρ)/(1−ρ) + margin after becoming coordinator, and after its
///   last answer to a different holder, before renewing anyone else — so at any TRUE instant at most one
///   node holds a valid lease on a group.
public struct RaftConfig: Hashable, Sendable {
    public var id: NodeID
    public var voters: Set<NodeID>
    public var learners: Set<NodeID>
    public var heartbeatInterval: Duration = .milliseconds(50)
    public var electionTimeoutMin: Duration = .milliseconds(300)
    public var electionTimeoutMax: Duration = .milliseconds(600)
    /// How long a holder may count a lease from the moment it SENT the request the grant answers.
    /// The core's default is short, so unit tests see leases lapse quickly; the agent runs
    /// `agentLeaseDuration`.
    public var leaseDuration: Duration = .milliseconds(300)

    /// The lease the agent runs unless `quorum.lease_ms` says otherwise: longer than an election
    /// (E_max 600 ms, plus a split vote's retry and the new coordinator's first commit), so a coordinator
    /// change costs the owner nothing — the new coordinator renews it before it runs out — and shorter
    /// than keepalived's earliest takeover after a cut (2 × advert_int + skew ≈ 2 s at advert_int 1 s),
    /// so an owner cut off from everything lets go before its peer can become a second MASTER.
    /// docs/quorum-timing.md has the reasoning.
    public static let agentLeaseDuration: Duration = .milliseconds(1200)
    /// Bound on how far any node's clock RATE may differ from true time (0.01 = ±1 %).
    public var maxClockDrift: Double = 0.01
    /// Extra safety margin added to every derived wait and subtracted from every derived lease.
    public var driftMargin: Duration = .milliseconds(20)
    /// Take a snapshot and compact the log once this many applied entries follow the last snapshot.
    public var snapshotThreshold: UInt64 = 1000
    /// Cap on the entries carried by one AppendEntries message.
    public var maxEntriesPerMessage: Int = 64

    public init(id: NodeID, voters: Set<NodeID>, learners: Set<NodeID> = []) {
        self.id = id
        self.voters = voters
        self.learners = learners
    }

    /// Checks the configuration, so that a bad config file fails at start with a reason, not later.
    public func validate() throws(RaftError) {
        guard !voters.isEmpty else { throw .invalidConfig("no voters") }
        guard voters.isDisjoint(with: learners) else { throw .invalidConfig("a node is both voter and learner") }
        guard voters.contains(id) || learners.contains(id) else {
            throw .invalidConfig("\(id) is neither a voter nor a learner")
        }
        guard maxClockDrift >= 0, maxClockDrift < 0.2 else { throw .invalidConfig("maxClockDrift must be in [0, 0.2)") }
        guard heartbeatInterval > .zero, electionTimeoutMin > heartbeatInterval * 2 else {
            throw .invalidConfig("electionTimeoutMin must exceed two heartbeat intervals")
        }
        guard electionTimeoutMax > electionTimeoutMin else {
            throw .invalidConfig("electionTimeoutMax must exceed electionTimeoutMin")
        }
        guard leaseDuration > .zero, driftMargin >= .zero else { throw .invalidConfig("leaseDuration must be positive") }
        guard leaderLeaseWindowNanos > heartbeatInterval.wholeNanoseconds else {
            throw .invalidConfig("driftMargin leaves no leader lease: raise electionTimeoutMin")
        }
        guard snapshotThreshold > 0, maxEntriesPerMessage > 0 else {
            throw .invalidConfig("snapshotThreshold and maxEntriesPerMessage must be positive")
        }
    }

    var heartbeatNanos: Int64 { heartbeatInterval.wholeNanoseconds }
    var electionMinNanos: Int64 { electionTimeoutMin.wholeNanoseconds }
    var electionMaxNanos: Int64 { electionTimeoutMax.wholeNanoseconds }
    var leaseNanos: Int64 { leaseDuration.wholeNanoseconds }

    /// How far back (leader's clock) the send time of heartbeats acknowledged by a majority may lie for
    /// the leader to act on its own authority: E_min·(1−ρ)/(1+ρ) − margin. Voters refuse votes for E_min
    /// (their clock) after hearing from the leader, so no other leader can exist inside this window.
    public var leaderLeaseWindowNanos: Int64 {
        Int64(Double(electionMinNanos) * (1 - maxClockDrift) / (1 + maxClockDrift)) - driftMargin.wholeNanoseconds
    }

    /// How long (granter's clock) after its last answer to one holder the coordinator waits before
    /// answering another holder of the same group, and how long a new coordinator waits before answering
    /// anyone: lease·(1+ρ)/(1−ρ) + margin.
    public var grantWaitNanos: Int64 {
        Int64(Double(leaseNanos) * (1 + maxClockDrift) / (1 - maxClockDrift)) + driftMargin.wholeNanoseconds
    }
}
