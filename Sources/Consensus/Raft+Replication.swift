/// Log replication, commit, apply, snapshots.
extension Raft {
    @discardableResult
    mutating func appendToOwnLog(_ command: Machine.Command) -> Entry {
        let entry = Entry(index: log.lastIndex + 1, term: hardState.term, command: command)
        log.append(entry)
        effects.append(.persistEntries(truncateFrom: nil, entries: [entry]))
        return entry
    }

    mutating func broadcastAppend() {
        for peer in otherMembers { sendAppend(to: peer) }
    }

    /// Sends the entries `peer` is missing from its next index, or the snapshot if they were compacted.
    mutating func sendAppend(to peer: NodeID) {
        guard var peerProgress = progress[peer] else { return }
        if peerProgress.nextIndex <= log.snapshotIndex, let snapshot = log.snapshot {
            send(.installSnapshot(term: hardState.term, snapshot: snapshot, sentAt: now), to: peer)
            return
        }
        if peerProgress.nextIndex > log.lastIndex + 1 {
            peerProgress.nextIndex = log.lastIndex + 1
            progress[peer] = peerProgress
        }
        let prevIndex = peerProgress.nextIndex - 1
        let prevTerm = log.term(at: prevIndex) ?? 0
        let entries = log.entries(from: peerProgress.nextIndex, limit: config.maxEntriesPerMessage)
        send(.appendEntries(AppendEntries(
            term: hardState.term, prevLogIndex: prevIndex, prevLogTerm: prevTerm, entries: entries,
            leaderCommit: commitIndex, sentAt: now)), to: peer)
    }

    mutating func handleAppend(_ append: AppendEntries, from: NodeID) {
        noteLeaderContact(from)
        if append.prevLogIndex < commitIndex {
            // Everything up to our commit index already agrees with any leader of this term.
            let match = max(commitIndex, mergeEntries(append.entries.filter { $0.index > commitIndex }, after: commitIndex))
            finishAppend(match: match, leaderCommit: append.leaderCommit, echo: append.sentAt, to: from)
            return
        }
        guard log.term(at: append.prevLogIndex) == append.prevLogTerm else {
            let hint = min(append.prevLogIndex > 0 ? append.prevLogIndex - 1 : 0, log.lastIndex)
            send(.appendEntriesResponse(term: hardState.term, success: false, matchIndex: hint, echo: append.sentAt), to: from)
            return
        }
        let match = mergeEntries(append.entries, after: append.prevLogIndex)
        finishAppend(match: match, leaderCommit: append.leaderCommit, echo: append.sentAt, to: from)
    }

    /// Merges entries that follow on from `after` (whose term already matched): skips those we hold,
    /// truncates at the first conflict, appends the rest. Returns the last index now known to match.
    mutating func mergeEntries(_ entries: [Entry], after: UInt64) -> UInt64 {
        var expected = after + 1
        var fresh: [Entry] = []
        var truncateFrom: UInt64?
        for entry in entries {
            guard entry.index == expected else { break }
            if fresh.isEmpty, let existing = log.term(at: entry.index) {
                if existing == entry.term {
                    expected += 1
                    continue
                }
                if entry.index <= commitIndex { break }  // never cut committed entries
                truncateFrom = entry.index
                log.truncate(from: entry.index)
            }
            fresh.append(entry)
            expected += 1
        }
        for entry in fresh { log.append(entry) }
        if truncateFrom != nil || !fresh.isEmpty {
            effects.append(.persistEntries(truncateFrom: truncateFrom, entries: fresh))
        }
        return expected - 1
    }

    mutating func finishAppend(match: UInt64, leaderCommit: UInt64, echo: Instant, to leaderID: NodeID) {
        let newCommit = min(leaderCommit, match)
        if newCommit > commitIndex {
            commitIndex = newCommit
            applyCommitted()
        }
        noteCaughtUpIfRecovering()
        send(.appendEntriesResponse(term: hardState.term, success: true, matchIndex: match, echo: echo), to: leaderID)
    }

    /// A refusal whose hint lies below the peer's recorded match index, for a message sent AFTER the last
    /// one the peer acknowledged, means the peer lost log entries it had acknowledged (a wiped data
    /// directory): an intact follower never refuses below what it acknowledged in this term. Its
    /// progress then starts again from the hint (or from the snapshot). A refusal sent before the latest
    /// acknowledgement (delayed, duplicated, reordered) changes nothing. Lowering `matchIndex` never
    /// lowers `commitIndex`; it only keeps a future entry from counting this peer until it has it again.
    mutating func handleAppendResponse(term: UInt64, success: Bool, matchIndex: UInt64, echo: Instant, from: NodeID) {
        guard role == .leader, var peer = progress[from] else { return }
        peer.lastContact = now
        if echo <= now, peer.ackedSentAt.map({ echo > $0 }) ?? true { peer.ackedSentAt = echo }
        if success {
            if echo <= now, peer.matchSentAt.map({ echo > $0 }) ?? true { peer.matchSentAt = echo }
            peer.matchIndex = max(peer.matchIndex, min(matchIndex, log.lastIndex))
            peer.nextIndex = max(peer.nextIndex, peer.matchIndex + 1)
            progress[from] = peer
            advanceCommit()
            if from == transferTarget, peer.matchIndex == log.lastIndex {
                send(.timeoutNow(term: hardState.term), to: from)
            } else if peer.nextIndex <= log.lastIndex, peer.matchIndex == matchIndex {
                sendAppend(to: from)
            }
        } else if matchIndex < peer.matchIndex, echo <= now, let acknowledged = peer.matchSentAt, echo > acknowledged {
            peer.matchIndex = matchIndex
            peer.nextIndex = matchIndex + 1
            progress[from] = peer
            sendAppend(to: from)
        } else {
            let retry = max(peer.matchIndex + 1, min(peer.nextIndex - 1, min(matchIndex, log.lastIndex) + 1))
            let lowered = retry < peer.nextIndex
            if lowered { peer.nextIndex = retry }
            progress[from] = peer
            if lowered { sendAppend(to: from) }
        }
    }

    /// Commits the highest index of the CURRENT term stored on a majority of voters (Raft §5.4.2: older
    /// terms' entries are committed only indirectly, by a current-term entry after them).
    mutating func advanceCommit() {
        guard role == .leader else { return }
        var candidate = log.lastIndex
        while candidate > commitIndex {
            guard let term = log.term(at: candidate), term == hardState.term else { break }
            var count = 1
            for peer in otherVoters where (progress[peer]?.matchIndex ?? 0) >= candidate { count += 1 }
            if count >= majority {
                commitIndex = candidate
                applyCommitted()
                return
            }
            candidate -= 1
        }
    }

    mutating func applyCommitted() {
        while state.appliedIndex < commitIndex, let entry = log.entry(at: state.appliedIndex + 1) {
            state.apply(entry)
            effects.append(.apply(entry))
        }
        maybeSnapshot()
    }

    mutating func maybeSnapshot() {
        guard state.appliedIndex >= log.snapshotIndex,
              state.appliedIndex - log.snapshotIndex >= config.snapshotThreshold else { return }
        let snapshot = Snapshot(lastIndex: state.appliedIndex, lastTerm: state.appliedTerm, state: state)
        log.install(snapshot)
        effects.append(.persistSnapshot(snapshot))
    }

    mutating func handleInstallSnapshot(term: UInt64, snapshot: Snapshot, sentAt: Instant, from: NodeID) {
        noteLeaderContact(from)
        guard snapshot.lastIndex > commitIndex else {
            send(.installSnapshotResponse(term: hardState.term, lastIndex: commitIndex, echo: sentAt), to: from)
            return
        }
        let kept = log.install(snapshot)
        effects.append(.persistSnapshot(snapshot))
        if !kept { effects.append(.persistEntries(truncateFrom: snapshot.lastIndex + 1, entries: [])) }
        commitIndex = snapshot.lastIndex
        state = snapshot.state
        effects.append(.restoreSnapshot(snapshot))
        applyCommitted()
        noteCaughtUpIfRecovering()
        send(.installSnapshotResponse(term: hardState.term, lastIndex: snapshot.lastIndex, echo: sentAt), to: from)
    }

    mutating func handleSnapshotResponse(term: UInt64, lastIndex: UInt64, echo: Instant, from: NodeID) {
        guard role == .leader, var peer = progress[from] else { return }
        peer.lastContact = now
        if echo <= now, peer.ackedSentAt.map({ echo > $0 }) ?? true { peer.ackedSentAt = echo }
        if echo <= now, peer.matchSentAt.map({ echo > $0 }) ?? true { peer.matchSentAt = echo }
        peer.matchIndex = max(peer.matchIndex, min(lastIndex, log.lastIndex))
        peer.nextIndex = max(peer.nextIndex, peer.matchIndex + 1)
        progress[from] = peer
        advanceCommit()
        if peer.nextIndex <= log.lastIndex { sendAppend(to: from) }
    }
}
