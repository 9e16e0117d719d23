import SeededRandom
/// The pure Raft core of one node: coordinator election, the replicated log of `Machine`'s commands,
/// and lease grants on what the machine says each node may hold.
///
/// Events and time go in (`onTick`, `onMessage`, `propose`, `transferLeadership`); an ordered list of
/// `Effect`s comes out. It does no I/O, reads no clock and draws randomness only from its own seeded
/// generator, so a simulation replays exactly. Implements pre-vote, check-quorum, votes refused while a
/// leader is known (the vote lease that makes leader leases and grants safe), log replication with
/// consistency checks, commit by majority of current-term entries, snapshots with InstallSnapshot,
/// leadership transfer (TimeoutNow), learners, and lease grants on what the machine names (VIP groups; see docs/quorum-timing.md).
///
/// The driver must honour the contract written on `Effect`: effects in order, no send before the
/// persists that precede it are durable.
public struct Raft<Machine: ReplicatedStateMachine>: Sendable {
    public internal(set) var config: RaftConfig
    /// Sorted once: iteration order must not depend on hashing, or a seed would not replay exactly.
    let otherVoters: [NodeID]
    var otherMembers: [NodeID]
    let majority: Int
    var rng: SplitMix64
    var hardState: HardState
    var role: RaftRole
    var leader: NodeID?
    var log: Log
    var commitIndex: UInt64
    var state: Machine
    var now: Instant
    var effects: [Effect] = []

    // Timers (local clock).
    var electionDeadline: Instant
    var voteLeaseUntil: Instant
    var lastLeaderContact: Instant?
    var nextHeartbeat: Instant = .zero
    var nextLeaseRequest: Instant = .zero
    var quorumLost = false

    // Campaign.
    var votes: Set<NodeID> = []

    // Leader.
    var progress: [NodeID: PeerProgress] = [:]
    var leaderSince: Instant = .zero
    var firstIndexOfTerm: UInt64 = 0
    var transferTarget: NodeID?
    var transferDeadline: Instant = .zero
    var leasesBlocked = false
    var lastLeaseAnswer: [String: (holder: NodeID, at: Instant)] = [:]

    // Holder: lease end per group (local clock).
    var leases: [String: Instant] = [:]

    // Lost durable state (docs/quorum-timing.md §5).
    /// Set at start when storage held no hard state (term 0, no vote): the node may be a voter whose data
    /// directory was wiped, so it may already have voted, and acknowledged entries, in terms it no longer
    /// knows. A brand-new node looks exactly the same. See `Raft+Election.swift` for the rule.
    var recovering: Bool
    /// While recovering: whether anything showed that the fleet has a history (a coordinator's message,
    /// a candidate with a non-empty log, an answer to a leader we no longer remember being).
    var sawHistory = false
    /// While recovering: the highest current term of a sender that any message other than a vote
    /// request showed (vote requests are kept in `heardLogs`).
    var highestTermSeen: UInt64 = 0
    /// While recovering: the latest (pre-)vote request from each other voter — its log and its term.
    var heardLogs: [NodeID: HeardLog] = [:]
    /// After recovering: no vote (nor pre-vote) is granted in this term or below.
    var voteBarTerm: UInt64 = 0

    /// Starts a node from what storage recovered. After a (re)start the node refuses votes for one
    /// minimum election timeout, as if it had just heard from a leader: it may have acknowledged one just
    /// before it crashed, and that leader's lease must stay safe.
    public init(config: RaftConfig, persisted: PersistentState, now: Instant, seed: UInt64) throws(RaftError) {
        try config.validate()
        self.config = config
        self.otherVoters = config.voters.subtracting([config.id]).sorted()
        self.otherMembers = config.voters.union(config.learners).subtracting([config.id]).sorted()
        self.majority = config.voters.count / 2 + 1
        self.rng = SplitMix64(seed: seed)
        self.hardState = persisted.hardState
        self.log = Log(snapshot: persisted.snapshot, entries: persisted.entries)
        self.role = config.voters.contains(config.id) ? .follower : .learner
        self.commitIndex = persisted.snapshot?.lastIndex ?? 0
        self.state = persisted.snapshot?.state ?? Machine()
        self.now = now
        self.electionDeadline = now
        self.voteLeaseUntil = now.adding(nanoseconds: config.electionMinNanos)
        // Only a voter's votes need protecting. A log without a hard state (a hard state file lost, or a
        // crash while recovering) is treated the same: conservative, see `recovering`.
        self.recovering = config.voters.contains(config.id) && persisted.hardState == HardState()
        if hardState.term < log.lastTerm { hardState.term = log.lastTerm }
        resetElectionTimer()
    }

    // MARK: - Public API

    /// Advances timers: heartbeats, elections, check-quorum, transfer timeout, lease requests.
    public mutating func onTick(now: Instant) -> [Effect] {
        begin(now)
        switch role {
        case .leader:
            leaderTick()
        case .follower, .preCandidate, .candidate:
            if self.now >= electionDeadline { electionTimedOut() }
        case .learner:
            break
        }
        holderTick()
        return finish()
    }

    /// Handles one message from `from`.
    public mutating func onMessage(_ message: Message, from: NodeID, now: Instant) -> [Effect] {
        begin(now)
        guard from != config.id, isMember(from), message.isWellFormed else { return finish() }
        route(message, from: from)
        return finish()
    }

    /// Appends `command` to the leader's log. The ticket resolves when the entry at its index is applied.
    public mutating func propose(_ command: Machine.Command, now: Instant) throws(RaftError) -> (ticket: ProposalTicket, effects: [Effect]) {
        begin(now)
        guard role == .leader else {
            _ = finish()
            throw .notLeader(leader: leader)
        }
        if let target = transferTarget {
            _ = finish()
            throw .transferInProgress(target: target)
        }
        let entry = appendToOwnLog(command)
        broadcastAppend()
        advanceCommit()
        return (ProposalTicket(index: entry.index, term: entry.term), finish())
    }

    /// Hands leadership to `target`: once it is caught up it gets TimeoutNow and campaigns at once.
    /// From this moment the old leader answers no lease request in this term (docs/quorum-timing.md); if the target
    /// has not taken over within E_min, the old leader steps down (`transfer_timeout`) so that a normal
    /// election restores lease renewals.
    public mutating func transferLeadership(to target: NodeID, now: Instant) throws(RaftError) -> [Effect] {
        begin(now)
        guard role == .leader else {
            _ = finish()
            throw .notLeader(leader: leader)
        }
        guard config.voters.contains(target), target != config.id else {
            _ = finish()
            throw .unknownVoter(target)
        }
        transferTarget = target
        transferDeadline = self.now.adding(nanoseconds: config.electionMinNanos)
        leasesBlocked = true
        if progress[target]?.matchIndex == log.lastIndex {
            send(.timeoutNow(term: hardState.term), to: target)
        } else {
            sendAppend(to: target)
        }
        return finish()
    }

    // MARK: - Queries

    public var id: NodeID { config.id }
    public var currentTerm: UInt64 { hardState.term }
    public var currentRole: RaftRole { role }
    public var currentLeader: NodeID? { leader }
    public var committedIndex: UInt64 { commitIndex }
    /// The state machine as of the last applied entry.
    public var machineState: Machine { state }
    public var persistentHardState: HardState { hardState }
    /// True while this voter, started from empty storage, has not yet caught up with a coordinator: it
    /// grants no vote except to a candidate of a fleet that looks brand new (docs/quorum-timing.md §5).
    public var isRecoveringLostState: Bool { recovering }

    /// True when this node is the coordinator and may answer reads that must be current: it has
    /// committed an entry of its term and a majority acknowledged heartbeats sent within the leader
    /// lease window, so no other coordinator can exist right now — unless it sent TimeoutNow this term:
    /// the successor is then elected without waiting out the vote lease, so the leader lease proves nothing.
    public func canServeCurrentRead(now: Instant) -> Bool {
        role == .leader && !leasesBlocked && commitIndex >= firstIndexOfTerm && hasLeaderLease(at: now)
    }

    /// True while this node holds a valid lease on `group`. A node without one must treat itself as
    /// ungranted (ineligible), whatever the fleet state says.
    public func holdsLease(group: String, now: Instant) -> Bool {
        guard let end = leases[group] else { return false }
        return now < end
    }

    /// The local instant at which this node's lease on `group` ends, if it ever had one.
    public func leaseEnd(group: String) -> Instant? { leases[group] }

    public func status(now: Instant) -> RaftStatus {
        let peers = (config.voters.union(config.learners)).subtracting([config.id]).sorted().map { peer in
            RaftPeerStatus(id: peer, isVoter: config.voters.contains(peer),
                       matchIndex: progress[peer]?.matchIndex ?? 0, lastContact: progress[peer]?.lastContact)
        }
        return RaftStatus(
            id: config.id, role: role, term: hardState.term, leader: leader, commitIndex: commitIndex,
            appliedIndex: state.appliedIndex, lastLogIndex: log.lastIndex, snapshotIndex: log.snapshotIndex,
            lastLeaderContact: lastLeaderContact, peers: role == .leader ? peers : [],
            heldLeases: leases.filter { now < $0.value }.map(\.key).sorted())
    }

    /// The log entries this node holds after its snapshot (for inspection and tests).
    public var logEntries: [Entry] { log.entries }
    public var snapshot: Snapshot? { log.snapshot }

    // MARK: - Plumbing

    mutating func begin(_ now: Instant) {
        if now > self.now { self.now = now }
        effects.removeAll(keepingCapacity: true)
    }

    mutating func finish() -> [Effect] {
        let out = effects
        effects.removeAll()
        return out
    }

    func isMember(_ node: NodeID) -> Bool {
        config.voters.contains(node) || config.learners.contains(node)
    }


    mutating func send(_ message: Message, to node: NodeID) {
        effects.append(.send(to: node, message: message))
    }

    mutating func emit(_ event: RaftEvent) {
        effects.append(.event(event))
    }

    /// While recovering, the hard state is kept in memory only: storage stays without one until the node
    /// has caught up, so a crash before then restarts it as recovering again instead of as a normal voter
    /// with a partial log. Its votes meanwhile are protected by the recovery rule, not by storage
    /// (`Raft+Election.swift`, docs/quorum-timing.md §5).
    mutating func persistHardState() {
        if recovering { return }
        effects.append(.persistHardState(hardState))
    }

    mutating func resetElectionTimer() {
        let spread = UInt64(max(1, config.electionMaxNanos - config.electionMinNanos))
        let jitter = Int64(rng.next() % spread)
        electionDeadline = now.adding(nanoseconds: config.electionMinNanos + jitter)
    }
}

/// What a recovering voter learned from one other voter's (pre-)vote request.
struct HeardLog: Sendable {
    var lastIndex: UInt64
    var lastTerm: UInt64
    /// The sender's current term: the request's term, or one less for a pre-vote.
    var term: UInt64
}
