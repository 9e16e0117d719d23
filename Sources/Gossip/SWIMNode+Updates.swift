/// Applying membership news with SWIM's precedence rules, refuting news about this node, and Lifeguard's
/// confirmation-shortened suspicion timers.
extension SWIMNode {
    mutating func apply(_ updates: [MemberUpdate], now: Duration) {
        for u in updates { apply(u, now: now) }
    }

    mutating func apply(_ u: MemberUpdate, now: Duration) {
        if u.member.name == myself.name {
            aboutSelf(u)
            return
        }
        guard !u.member.name.isEmpty else { return }
        switch u.status {
        case .alive: applyAlive(u, now: now)
        case .suspect: applySuspect(u, now: now)
        case .dead, .left: applyDown(u, now: now)
        }
    }

    private mutating func applyAlive(_ u: MemberUpdate, now: Duration) {
        let meta = u.metadata ?? MemberMetadata()
        guard let e = table[u.member.name] else {
            set(.init(id: u.member, status: .alive, incarnation: u.incarnation, metadata: meta), now: now)
            emit(.joined(u.member, incarnation: u.incarnation))
            broadcasts.enqueue(u)
            return
        }
        if u.incarnation > e.incarnation {
            set(.init(id: u.member, status: .alive, incarnation: u.incarnation, metadata: meta), now: now)
            switch e.status {
            case .suspect: emit(.alive(u.member, incarnation: u.incarnation))
            case .dead, .left: emit(.rejoined(u.member, incarnation: u.incarnation))
            case .alive: break
            }
            broadcasts.enqueue(u)
        } else if u.incarnation == e.incarnation, e.status.isActive, meta.version > e.metadata.version {
            var r = e
            r.metadata = meta
            set(r, now: now)
            broadcasts.enqueue(MemberUpdate(member: e.id, status: .alive, incarnation: e.incarnation, metadata: meta))
        }
    }

    private mutating func applySuspect(_ u: MemberUpdate, now: Duration) {
        guard let e = table[u.member.name], u.incarnation >= e.incarnation else { return }
        let suspector = u.suspector ?? "unknown"
        if e.status == .suspect, u.incarnation == e.incarnation {
            if suspicions[e.id.name]?.confirm(by: suspector) == true {
                broadcasts.enqueue(u)
            }
            return
        }
        if !e.status.isActive, u.incarnation == e.incarnation { return }
        var r = e
        r.status = .suspect
        r.incarnation = u.incarnation
        set(r, now: now)
        suspicions[e.id.name] = Suspicion(
            incarnation: u.incarnation, suspector: suspector, start: now, min: settings.suspicionMin,
            max: settings.suspicionMax, expected: settings.expectedConfirmations)
        emit(.suspected(e.id, incarnation: u.incarnation, suspector: suspector))
        if suspector != myself.name { considerUrgentProbe(e.id.name) }
        broadcasts.enqueue(MemberUpdate(member: e.id, status: .suspect, incarnation: u.incarnation,
                                        suspector: suspector))
    }

    private mutating func applyDown(_ u: MemberUpdate, now: Duration) {
        guard let e = table[u.member.name], u.incarnation >= e.incarnation else { return }
        if !e.status.isActive {
            // Only a leave may overwrite a death (the leave explains it); nothing else changes a verdict.
            guard u.status == .left, e.status == .dead else { return }
        }
        var r = e
        r.status = u.status
        r.incarnation = u.incarnation
        set(r, now: now)
        emit(u.status == .left ? .left(e.id, incarnation: u.incarnation) : .dead(e.id, incarnation: u.incarnation))
        broadcasts.enqueue(MemberUpdate(member: e.id, status: u.status, incarnation: u.incarnation))
    }

    /// News about this node: anything that would make others think it is not alive (or an older life's
    /// higher incarnation) is refuted by jumping above that incarnation.
    private mutating func aboutSelf(_ u: MemberUpdate) {
        guard !hasLeft else { return }
        if u.incarnation < incarnation {
            // Someone still spreads an accusation we already refuted: our refutation has not reached
            // everyone (it may have been lost while we were cut off), so announce it again.
            if u.status != .alive {
                if broadcasts.queued(about: myself.name) == nil { publishSelf() }
                refutationPending = true
            }
            return
        }
        switch u.status {
        case .alive:
            let theirs = u.metadata?.version ?? 0
            guard u.incarnation > incarnation || theirs > metadata.version
                || u.member.address != myself.address else { return }
        case .suspect, .dead, .left:
            adjustHealth(by: 1)
        }
        // An accusation at the largest incarnation cannot be outbid; it can only come from a broken or
        // hostile peer, so it is ignored rather than allowed to overflow.
        guard u.incarnation < .max else { return }
        incarnation = u.incarnation + 1
        publishSelf()
        refutationPending = u.status != .alive
    }

    /// Refutations race suspicion timers all over the fleet, so they do not wait for the next gossip round:
    /// they go at once to the accuser and to up to 16 random members (all of a small fleet), at most once
    /// per gossip interval.
    mutating func sendPendingRefutation(accuser: MemberID?, now: Duration) {
        guard refutationPending else { return }
        refutationPending = false
        if let last = lastRefutationAt, now - last < settings.gossipInterval { return }
        lastRefutationAt = now
        let update = MemberUpdate(member: myself, status: .alive, incarnation: incarnation, metadata: metadata)
        var targets = randomActiveMembers(count: 16)
        if let accuser, accuser.name != myself.name, !targets.contains(where: { $0.name == accuser.name }) {
            targets.append(accuser)
        }
        for t in targets { send(.gossip(updates: [update]), to: .member(t)) }
    }

    /// Re-announces this node as alive with its current incarnation and metadata.
    mutating func publishSelf() {
        table.set(.init(id: myself, status: hasLeft ? .left : .alive, incarnation: incarnation, metadata: metadata))
        guard !hasLeft else { return }
        broadcasts.enqueue(MemberUpdate(member: myself, status: .alive, incarnation: incarnation, metadata: metadata))
    }

    mutating func expireSuspicions(now: Duration) {
        guard !suspicions.isEmpty else { return }
        for name in suspicions.keys.sorted() {
            guard let s = suspicions[name], now >= s.deadline else { continue }
            suspicions[name] = nil
            guard let e = table[name], e.status == .suspect, e.incarnation == s.incarnation else { continue }
            applyDown(MemberUpdate(member: e.id, status: .dead, incarnation: e.incarnation), now: now)
        }
    }

    /// Stores a record, keeping the suspicion timers and retention clocks consistent with its status.
    private mutating func set(_ r: MemberTable.Record, now: Duration) {
        table.set(r)
        if r.status != .suspect { suspicions[r.id.name] = nil }
        if r.status.isActive {
            inactiveSince[r.id.name] = nil
        } else if inactiveSince[r.id.name] == nil {
            inactiveSince[r.id.name] = now
        }
    }

    private mutating func emit(_ event: MembershipEvent) {
        out.append(.event(event))
    }
}
