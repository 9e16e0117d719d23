import Quorum

/// The knobs of one simulated run. Everything random is drawn from `seed`, so a run reproduces exactly.
public struct SimulationConfig: Sendable {
    public var seed: UInt64
    public var voterCount = 5
    public var learnerCount = 1
    /// Simulated true time to run, in milliseconds.
    public var durationMillis: Int64 = 3000
    public var tickMillis: Int64 = 10
    public var minDelayMicros: Int64 = 500
    public var maxDelayMicros: Int64 = 8000
    /// Chance that a message takes a long detour (50–400 ms): retransmits, a stalled socket.
    public var longDelayRate = 0.01
    /// Chance, at each fault point, of pausing a random node (SIGSTOP) for 50–700 ms: its clock runs on,
    /// but it handles nothing until it wakes.
    public var pauseRate = 0.05
    public var lossRate = 0.05
    public var duplicateRate = 0.03
    /// Chance, at each fault point (every 100 ms), of changing the partition (cut, asymmetric cut or heal).
    public var partitionRate = 0.15
    /// Chance, at each fault point, of crashing a random live node.
    public var crashRate = 0.08
    /// Chance, at each fault point, of a "disk lost" fault: a random live node crashes and comes back with
    /// an empty data directory (a replaced disk, an operator's rm -rf). At most one voter at a time is
    /// wiped and not yet caught up; learners are wiped independently.
    public var diskLossRate = 0.0
    /// Chance that a crash strikes in the middle of a node's effect list (losing the rest of it).
    public var midStepCrashRate = 0.002
    /// Clock rates are drawn uniformly in [1 − skew, 1 + skew]; must not exceed the Raft config's drift.
    public var clockSkew = 0.01
    /// Random workload proposals on the leader every this many ms (0 = none).
    public var proposalIntervalMillis: Int64 = 60
    public var groups = ["app", "int"]
    public var snapshotThreshold: UInt64 = 25
    /// After this true time (ms) the network heals and nobody crashes, to check progress resumes.
    public var healAfterMillis: Int64? = nil
    /// The VIP lease length (ms), when not the Raft default: the agent runs leases longer than an
    /// election, so that a new coordinator renews the holder before its lease runs out.
    public var leaseMillis: Int64? = nil

    /// Mixed versions: this many nodes (voters first, from the last) run an "older" agent that does not
    /// know `newerKinds`: what it receives of those kinds arrives as `.unknown`, exactly as its decoder
    /// would produce it, and it never proposes them. 0 = every node runs the same version.
    public var olderNodes = 0
    /// The command kinds the older nodes do not know.
    public var newerKinds: Set<String> = ["recordOperationStep", "setConfigVersion"]

    public init(seed: UInt64) { self.seed = seed }

    /// Builds the Raft config of one simulated node.
    func raftConfig(for id: NodeID, voters: Set<NodeID>, learners: Set<NodeID>) -> RaftConfig {
        var config = RaftConfig(id: id, voters: voters, learners: learners)
        config.snapshotThreshold = snapshotThreshold
        config.maxEntriesPerMessage = 16
        if let leaseMillis { config.leaseDuration = .milliseconds(leaseMillis) }
        return config
    }
}
