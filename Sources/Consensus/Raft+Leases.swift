/// Lease grants (docs/quorum-timing.md), on VIP groups in this fleet. The state machine says WHO holds a group; a lease says the
/// owner may act on it NOW. Letting go is local (the lease simply runs out); taking over needs a grant.
extension Raft {
    /// Whether this coordinator may renew `holder`'s lease on `group` now. Every condition protects
    /// the invariant "at most one valid lease per group at any TRUE instant":
    /// - the state machine (current, since this term's first entry is applied) grants the group to `holder`;
    /// - no TimeoutNow was sent this term (the successor may be elected without waiting out our lease);
    /// - a majority acknowledged heartbeats within the leader lease window: no newer coordinator exists;
    /// - grantWait has passed since this node became coordinator, so every lease an earlier coordinator
    ///   issued has run out — unless the holder proves it still holds a valid lease (`stillHolding`):
    ///   then the only valid lease on the group is its own, and renewing it keeps a coordinator change
    ///   invisible to the VIP;
    /// - grantWait has passed since this coordinator last renewed a DIFFERENT holder of the group.
    func canIssueLease(group: String, to holder: NodeID, stillHolding: Bool = false) -> Bool {
        guard role == .leader, !leasesBlocked, state.appliedIndex >= firstIndexOfTerm,
              state.leaseHolder(of: group) == holder,
              stillHolding || now.since(leaderSince) >= config.grantWaitNanos,
              hasLeaderLease(at: now) else { return false }
        if let last = lastLeaseAnswer[group], last.holder != holder,
           now.since(last.at) < config.grantWaitNanos { return false }
        return true
    }

    /// `holdingTerm` equal to this term means: when the holder sent the request it knew this node as the
    /// coordinator of this term (so this node was already elected, and every earlier coordinator had
    /// lost its leader lease) and it still held a valid lease then. No other node can hold a valid
    /// lease at that instant, and from then on only this coordinator issues any, under its own rules.
    mutating func handleLeaseRequest(group: String, sentAt: Instant, holdingTerm: UInt64?, from: NodeID) {
        let stillHolding = holdingTerm == hardState.term
        guard canIssueLease(group: group, to: from, stillHolding: stillHolding) else { return }
        lastLeaseAnswer[group] = (from, now)
        emit(.leaseIssued(term: hardState.term, group: group, holder: from))
        send(.leaseGrant(term: hardState.term, group: group, sentAt: sentAt,
                         durationNanoseconds: config.leaseNanos), to: from)
    }

    /// On the coordinator: whether the holder the fleet state names for `group` has certainly lost its
    /// lease. This coordinator renewed it before, then answered nothing for grantWait, by which time the
    /// holder's own count has ended whatever the clock drift. A fact, unlike a suspicion, so the arbiter
    /// may move the grant at once (a frozen agent whose keepalived still holds the VIP). A holder this
    /// coordinator never renewed is judged by gossip instead. False off the coordinator.
    public func holderLeaseLapsed(group: String, now: Instant) -> Bool {
        guard role == .leader, let holder = state.leaseHolder(of: group), holder != config.id,
              let last = lastLeaseAnswer[group], last.holder == holder else { return false }
        return now.since(last.at) >= config.grantWaitNanos
    }

    /// The holder counts the lease from its OWN send time of the request, on its own clock.
    mutating func handleLeaseGrant(group: String, sentAt: Instant, duration: Int64, from: NodeID) {
        guard duration > 0, sentAt <= now else { return }
        let end = sentAt.adding(nanoseconds: min(duration, config.leaseNanos))
        if leases[group].map({ end > $0 }) ?? true { leases[group] = end }
    }

    /// The coordinator is a holder too: it grants itself, counting from now.
    mutating func renewOwnLeases() {
        for group in state.leasedResources(heldBy: config.id)
        where canIssueLease(group: group, to: config.id, stillHolding: holdsLease(group: group, now: now)) {
            if let last = lastLeaseAnswer[group], last.holder == config.id,
               now.since(last.at) < config.heartbeatNanos { continue }
            lastLeaseAnswer[group] = (config.id, now)
            emit(.leaseIssued(term: hardState.term, group: group, holder: config.id))
            leases[group] = now.adding(nanoseconds: config.leaseNanos)
        }
    }

    /// A holder that is not the coordinator asks for renewal once per heartbeat interval.
    mutating func holderTick() {
        guard role != .leader, let coordinator = leader, now >= nextLeaseRequest else { return }
        let groups = state.leasedResources(heldBy: config.id)
        guard !groups.isEmpty else { return }
        nextLeaseRequest = now.adding(nanoseconds: config.heartbeatNanos)
        for group in groups {
            let holdingTerm = holdsLease(group: group, now: now) ? hardState.term : nil
            send(.leaseRequest(group: group, sentAt: now, holdingTerm: holdingTerm), to: coordinator)
        }
    }
}
