/// Elections: pre-vote, votes, the vote lease, becoming leader or follower, check-quorum.
extension Raft {
    mutating func route(_ message: Message, from: NodeID) {
        if let term = message.term, !acceptTerm(term, of: message, from: from) { return }
        switch message {
        case let .preVote(term, lastIndex, lastTerm):
            handlePreVote(term: term, lastIndex: lastIndex, lastTerm: lastTerm, from: from)
        case let .preVoteResponse(term, granted):
            handlePreVoteResponse(term: term, granted: granted, from: from)
        case let .requestVote(term, lastIndex, lastTerm, transfer):
            handleRequestVote(term: term, lastIndex: lastIndex, lastTerm: lastTerm, transfer: transfer, from: from)
        case let .requestVoteResponse(term, granted):
            handleVoteResponse(term: term, granted: granted, from: from)
        case let .appendEntries(append):
            handleAppend(append, from: from)
        case let .appendEntriesResponse(term, success, matchIndex, echo):
            handleAppendResponse(term: term, success: success, matchIndex: matchIndex, echo: echo, from: from)
        case let .installSnapshot(term, snapshot, sentAt):
            handleInstallSnapshot(term: term, snapshot: snapshot, sentAt: sentAt, from: from)
        case let .installSnapshotResponse(term, lastIndex, echo):
            handleSnapshotResponse(term: term, lastIndex: lastIndex, echo: echo, from: from)
        case let .timeoutNow(term):
            if term == hardState.term, role != .leader, role != .learner, from == leader, !recovering {
                campaign(transfer: true, reason: "leadership_transfer")
            }
        case let .leaseRequest(group, sentAt, holdingTerm):
            handleLeaseRequest(group: group, sentAt: sentAt, holdingTerm: holdingTerm, from: from)
        case let .leaseGrant(_, group, sentAt, duration):
            handleLeaseGrant(group: group, sentAt: sentAt, duration: duration, from: from)
        }
    }

    /// The vote lease: a node that heard from a leader within E_min (or restarted within E_min) ignores
    /// vote requests, so a leader acknowledged by a majority cannot be replaced behind its back.
    var inVoteLease: Bool {
        role == .leader || now < voteLeaseUntil
    }

    /// Applies the generic term rules. Returns false if the message must be dropped.
    mutating func acceptTerm(_ term: UInt64, of message: Message, from: NodeID) -> Bool {
        // No honest fleet gets anywhere near this term; adopting one would leave no term to campaign in.
        if term >= Self.termCeiling { return false }
        if recovering { observeWhileRecovering(message, term: term, from: from) }
        if term > hardState.term {
            switch message {
            case .preVote, .preVoteResponse:
                // Pre-vote traffic never moves terms, except a refusal that reveals a higher term.
                if case let .preVoteResponse(_, granted) = message, !granted {
                    becomeFollower(term: term, leader: nil, reason: "higher_term_seen")
                }
                return true
            case let .requestVote(_, _, _, transfer):
                if inVoteLease && !transfer { return false }
                becomeFollower(term: term, leader: nil, reason: "higher_term_vote")
                return true
            case .appendEntries, .installSnapshot, .timeoutNow:
                becomeFollower(term: term, leader: from, reason: "higher_term_leader")
                return true
            default:
                becomeFollower(term: term, leader: nil, reason: "higher_term_seen")
                return true
            }
        }
        if term < hardState.term {
            switch message {
            case .appendEntries, .installSnapshot:
                // Tell a stale leader about the newer term so it steps down.
                send(.appendEntriesResponse(term: hardState.term, success: false, matchIndex: 0, echo: .zero), to: from)
            case .preVote:
                send(.preVoteResponse(term: hardState.term, granted: false), to: from)
            case .requestVote:
                send(.requestVoteResponse(term: hardState.term, granted: false), to: from)
            default:
                break
            }
            return false
        }
        return true
    }

    // MARK: - Lost durable state (docs/quorum-timing.md §5)

    /// A voter that started from EMPTY storage (no hard state) may be one whose data directory was wiped:
    /// it may have voted in terms it no longer knows, and acknowledged entries that a majority needed to
    /// commit. It cannot tell itself from a brand-new node, so until it has caught up it is `recovering`:
    /// - It grants a vote or pre-vote (to itself too, before campaigning; never on TimeoutNow) only if
    ///   (a) the candidate's log is at least as up to date as the last log it heard, in a (pre-)vote
    ///   request since it started, from each of at least a MAJORITY of the other voters (the candidate's
    ///   own request counts): every entry it helped commit is held by a majority minus itself, so one of
    ///   those logs holds it, and a log at least as up to date holds it too (Raft's leader completeness
    ///   argument); and (b) the term is above every current term it has seen from any other node: a term
    ///   it voted in and that elected someone is known to a majority minus itself, so to one of them.
    /// - The brand-new exception: while its own log is empty and nothing since start showed a history (a
    ///   coordinator's AppendEntries/InstallSnapshot/TimeoutNow, a candidate with a non-empty log, a
    ///   response to a coordinator it no longer remembers being), it may vote for a candidate whose log
    ///   is empty. That vote decides the fleet is new: it ends `recovering` and is persisted.
    /// - Its hard state stays in memory (see `persistHardState`), so a crash before it caught up restarts
    ///   it as recovering again; the entries it receives are persisted and acknowledged as usual.
    /// - It has caught up once it has committed, on a coordinator's word, an entry of that coordinator's
    ///   own term (such an entry follows every entry committed before it), or once it is elected itself.
    ///   It then persists its hard state, and votes only in terms above every term it has seen.
    /// Residual risk (a) and (b) assume no other voter lost its disk too. The brand-new exception trusts
    /// an empty-looking majority: if the wiped voter and voters that never stored a single entry form a
    /// majority, and nothing from a coordinator or a candidate with a log reaches the wiped voter first
    /// (its vote lease after start gives them E_min), they can elect a coordinator with an empty log in a
    /// term the wiped voter had voted in. And (b) misses a campaign still under way whose requests reached
    /// only the wiped voter (before the wipe) and nodes it has not heard from since.
    mutating func observeWhileRecovering(_ message: Message, term: UInt64, from: NodeID) {
        switch message {
        case let .preVote(_, lastIndex, lastTerm), let .requestVote(_, lastIndex, lastTerm, _):
            if lastIndex > 0 { sawHistory = true }
            if config.voters.contains(from) {
                let senderTerm: UInt64
                if case .preVote = message { senderTerm = term - min(term, 1) } else { senderTerm = term }
                heardLogs[from] = HeardLog(lastIndex: lastIndex, lastTerm: lastTerm, term: senderTerm)
            }
            return
        case .appendEntries, .installSnapshot, .timeoutNow, .appendEntriesResponse, .installSnapshotResponse:
            sawHistory = true
        case let .preVoteResponse(_, granted) where granted:
            return  // carries the term asked for, not the sender's
        default:
            break
        }
        highestTermSeen = max(highestTermSeen, term)
    }

    /// The brand-new exception's condition (see `observeWhileRecovering`).
    var looksBrandNew: Bool { !sawHistory && log.lastIndex == 0 }

    /// The highest current term a recovering voter has seen from any node other than `candidate`.
    func highestTermSeen(besides candidate: NodeID) -> UInt64 {
        heardLogs.reduce(highestTermSeen) { $1.key == candidate ? $0 : max($0, $1.value.term) }
    }

    /// Whether this voter's own state allows a (pre-)vote in `term` for `candidate`, whose log ends at
    /// (`lastIndex`, `lastTerm`). The usual rules (vote lease, one vote per term, up-to-date log) apply too.
    func mayVote(inTerm term: UInt64, for candidate: NodeID, lastIndex: UInt64, lastTerm: UInt64) -> Bool {
        guard recovering else { return term > voteBarTerm }
        if looksBrandNew && lastIndex == 0 { return true }
        guard term > highestTermSeen(besides: candidate) else { return false }
        let notAhead = heardLogs.filter { id, heard in
            id != config.id && (heard.lastTerm < lastTerm || (heard.lastTerm == lastTerm && heard.lastIndex <= lastIndex))
        }
        return notAhead.count >= majority
    }

    /// Ends `recovering`: from now on the node votes only in terms above every term it saw, and its hard
    /// state is durable again.
    mutating func endRecovery() {
        guard recovering else { return }
        recovering = false
        voteBarTerm = max(highestTermSeen(besides: config.id), hardState.term)
        heardLogs = [:]
        persistHardState()
    }

    /// Called whenever the commit index may have moved on a follower: ends `recovering` once an entry of
    /// the current coordinator's term is committed here.
    mutating func noteCaughtUpIfRecovering() {
        guard recovering, commitIndex > 0, log.term(at: commitIndex) == hardState.term else { return }
        endRecovery()
    }

    func logIsUpToDate(lastIndex: UInt64, lastTerm: UInt64) -> Bool {
        lastTerm > log.lastTerm || (lastTerm == log.lastTerm && lastIndex >= log.lastIndex)
    }

    mutating func handlePreVote(term: UInt64, lastIndex: UInt64, lastTerm: UInt64, from: NodeID) {
        guard role != .learner, config.voters.contains(from) else { return }
        let granted = term > hardState.term && !inVoteLease && mayVote(inTerm: term, for: from, lastIndex: lastIndex, lastTerm: lastTerm)
            && logIsUpToDate(lastIndex: lastIndex, lastTerm: lastTerm)
        send(.preVoteResponse(term: granted ? term : hardState.term, granted: granted), to: from)
    }

    mutating func handlePreVoteResponse(term: UInt64, granted: Bool, from: NodeID) {
        guard role == .preCandidate, granted, term == hardState.term + 1 else { return }
        votes.insert(from)
        if votes.count >= majority { campaign(transfer: false, reason: "election_timeout") }
    }

    /// The vote lease is checked here too, not only when the request itself raises the term: a voter can
    /// learn the candidate's term first from another message (say a late refusal of one of its own old
    /// requests) and would otherwise grant a same-term vote while the coordinator's leader lease holds.
    mutating func handleRequestVote(term: UInt64, lastIndex: UInt64, lastTerm: UInt64, transfer: Bool, from: NodeID) {
        guard role != .learner, config.voters.contains(from) else { return }
        let free = hardState.votedFor == nil || hardState.votedFor == from
        let leaseAllows = transfer || !inVoteLease
        let granted = role != .leader && leaseAllows && free && mayVote(inTerm: term, for: from, lastIndex: lastIndex, lastTerm: lastTerm)
            && logIsUpToDate(lastIndex: lastIndex, lastTerm: lastTerm)
        if granted {
            // A vote under the brand-new exception decides that the fleet is new: it ends `recovering`.
            if recovering && looksBrandNew && lastIndex == 0 { endRecovery() }
            hardState.votedFor = from
            persistHardState()
            resetElectionTimer()
        }
        send(.requestVoteResponse(term: hardState.term, granted: granted), to: from)
    }

    mutating func handleVoteResponse(term: UInt64, granted: Bool, from: NodeID) {
        guard role == .candidate, granted, config.voters.contains(from) else { return }
        votes.insert(from)
        if votes.count >= majority { becomeLeader() }
    }

    mutating func electionTimedOut() {
        if !quorumLost, role == .follower {
            quorumLost = true
            emit(.quorumLost(term: hardState.term, reason: leader == nil ? "no_coordinator" : "coordinator_silent"))
        }
        leader = nil
        startPreVote()
    }

    /// Terms at or above this are refused as malformed, so term arithmetic can never overflow.
    static var termCeiling: UInt64 { 1 << 62 }

    mutating func startPreVote() {
        guard hardState.term < Self.termCeiling else { return }
        role = .preCandidate
        votes = [config.id]
        resetElectionTimer()
        if votes.count >= majority {
            campaign(transfer: false, reason: "election_timeout")
            return
        }
        for peer in otherVoters {
            send(.preVote(term: hardState.term + 1, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm), to: peer)
        }
    }

    /// A real election: bump the term, vote for ourselves (durably, before asking anyone), ask the voters.
    mutating func campaign(transfer: Bool, reason: String) {
        guard hardState.term < Self.termCeiling else { return }
        if recovering {
            // Its self-vote follows the same rule as any vote it grants while recovering.
            guard !transfer, mayVote(inTerm: hardState.term + 1, for: config.id, lastIndex: log.lastIndex,
                                     lastTerm: log.lastTerm) else { return }
            if looksBrandNew { endRecovery() }
        }
        role = .candidate
        leader = nil
        hardState.term += 1
        hardState.votedFor = config.id
        persistHardState()
        votes = [config.id]
        resetElectionTimer()
        emit(.electionStarted(term: hardState.term, reason: reason))
        if votes.count >= majority {
            becomeLeader()
            return
        }
        for peer in otherVoters {
            send(.requestVote(term: hardState.term, lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm,
                              transfer: transfer), to: peer)
        }
    }

    mutating func becomeFollower(term: UInt64, leader newLeader: NodeID?, reason: String) {
        let wasLeader = role == .leader
        if term > hardState.term {
            hardState.term = term
            hardState.votedFor = nil
            persistHardState()
        }
        if wasLeader {
            emit(.coordinatorSteppedDown(term: hardState.term, reason: reason))
        }
        role = config.voters.contains(config.id) ? .follower : .learner
        leader = newLeader
        clearLeaderState()
        resetElectionTimer()
    }

    mutating func clearLeaderState() {
        progress = [:]
        transferTarget = nil
        leasesBlocked = false
        lastLeaseAnswer = [:]
    }

    mutating func becomeLeader() {
        endRecovery()  // elected by a majority: its log holds every committed entry
        role = .leader
        leader = config.id
        leaderSince = now
        clearLeaderState()
        for peer in otherMembers {
            progress[peer] = PeerProgress(nextIndex: log.lastIndex + 1)
        }
        emit(.coordinatorElected(term: hardState.term, leader: config.id))
        if quorumLost {
            quorumLost = false
            emit(.quorumRegained(term: hardState.term, leader: config.id))
        }
        let noop = appendToOwnLog(Machine.noop)
        firstIndexOfTerm = noop.index
        nextHeartbeat = now.adding(nanoseconds: config.heartbeatNanos)
        broadcastAppend()
        advanceCommit()
    }

    /// Heard from the leader of the current term: follow it and renew the vote lease.
    mutating func noteLeaderContact(_ from: NodeID) {
        if role == .preCandidate || role == .candidate { role = .follower }
        leader = from
        lastLeaderContact = now
        voteLeaseUntil = now.adding(nanoseconds: config.electionMinNanos)
        resetElectionTimer()
        if quorumLost {
            quorumLost = false
            emit(.quorumRegained(term: hardState.term, leader: from))
        }
    }

    mutating func leaderTick() {
        if now.since(leaderSince) >= config.electionMinNanos, !hasQuorumContact(withinNanos: config.electionMinNanos) {
            emit(.quorumLost(term: hardState.term, reason: "check_quorum"))
            quorumLost = true
            becomeFollower(term: hardState.term, leader: nil, reason: "check_quorum")
            return
        }
        if transferTarget != nil, now >= transferDeadline {
            // The TimeoutNow may still be in flight, so this term can never renew leases again: step down
            // and let a fresh election (with its own grant wait) restore them.
            becomeFollower(term: hardState.term, leader: nil, reason: "transfer_timeout")
            return
        }
        if now >= nextHeartbeat {
            nextHeartbeat = now.adding(nanoseconds: config.heartbeatNanos)
            broadcastAppend()
        }
        renewOwnLeases()
    }

    /// True if a majority of voters (this leader included) acknowledged a message this leader sent no
    /// more than `nanos` ago, by its own clock.
    func hasQuorumContact(withinNanos nanos: Int64) -> Bool {
        let cutoff = now.adding(nanoseconds: -nanos)
        var count = 1
        for peer in otherVoters {
            if let acked = progress[peer]?.ackedSentAt, acked >= cutoff { count += 1 }
        }
        return count >= majority
    }

    func hasLeaderLease(at instant: Instant) -> Bool {
        guard role == .leader else { return false }
        let cutoff = instant.adding(nanoseconds: -config.leaderLeaseWindowNanos)
        var count = 1
        for peer in otherVoters {
            if let acked = progress[peer]?.ackedSentAt, acked >= cutoff { count += 1 }
        }
        return count >= majority
    }
}
