/// Failure detection: one direct probe per (health-scaled) period, indirect probes through k members
/// after the probe timeout, Lifeguard nacks, and the local-health multiplier they drive.
extension SWIMNode {
    struct Probe: Sendable {
        var target: MemberID
        var seq: UInt64
        var sentAt: Duration
        var timeoutAt: Duration
        var acked = false
        var indirectSent = false
        var expectedNacks = 0
        var nacks = 0
    }

    struct Relay: Sendable {
        var requester: MemberID
        var requesterSeq: UInt64
        var deadline: Duration
    }

    var healthMultiplier: Int { 1 + localHealth }

    mutating func advanceProbe(now: Duration) {
        if let p = probe, !p.acked, !p.indirectSent, now >= p.timeoutAt {
            sendIndirectProbes()
        }
        guard now >= nextProbeAt else { return }
        finishProbe(now: now)
        startProbe(now: now)
        nextProbeAt = now + settings.probeInterval * healthMultiplier
    }

    /// Ends the current period's probe: an unanswered target becomes suspect; local health is adjusted
    /// as in Lifeguard (missing nacks mean the problem is probably here, not at the target).
    private mutating func finishProbe(now: Duration) {
        guard let p = probe else { return }
        probe = nil
        if p.acked { return }
        if p.expectedNacks > 0 {
            adjustHealth(by: p.expectedNacks - min(p.nacks, p.expectedNacks))
        } else {
            adjustHealth(by: 1)
        }
        guard let record = table[p.target.name], record.status == .alive || record.status == .suspect else { return }
        apply(MemberUpdate(member: record.id, status: .suspect, incarnation: record.incarnation,
                           suspector: myself.name), now: now)
    }

    private mutating func startProbe(now: Duration) {
        if let name = urgentProbe {
            urgentProbe = nil
            if let r = table[name], r.status.isActive {
                probe(r.id, now: now)
                return
            }
        }
        let count = table.slotCount
        for _ in 0..<(count + 1) {
            guard let slot = round.nextSlot(count: count, using: &rng) else { return }
            guard let r = table.record(atSlot: slot), r.id.name != myself.name, r.status.isActive else { continue }
            probe(r.id, now: now)
            return
        }
    }

    private mutating func probe(_ target: MemberID, now: Duration) {
        let seq = takeSeq()
        probe = Probe(target: target, seq: seq, sentAt: now, timeoutAt: now + settings.probeTimeout * healthMultiplier)
        send(.ping(seq: seq, target: target.name, updates: piggyback(for: target)), to: .member(target))
    }

    /// On hearing of a new suspicion, probe the suspect next period with probability 2K/(N−1), so that
    /// about 2K members check it independently right away: a dead member collects Lifeguard's K
    /// confirmations within a period or two (fast verdict), a live one answers them (no extra harm), and
    /// the extra load stays constant as the fleet grows.
    mutating func considerUrgentProbe(_ name: String) {
        let others = max(1, table.activeCount - 1)
        let p = min(1.0, Double(2 * settings.expectedConfirmations) / Double(others))
        if rng.unit() < p { urgentProbe = name }
    }

    mutating func sendIndirectProbes() {
        guard var p = probe else { return }
        p.indirectSent = true
        let helpers = randomActiveMembers(count: settings.indirectChecks, excluding: p.target.name)
        p.expectedNacks = helpers.count
        probe = p
        for helper in helpers {
            send(.pingReq(seq: p.seq, target: p.target, updates: piggyback(for: helper)), to: .member(helper))
        }
    }

    mutating func handlePing(seq: UInt64, target: String, from sender: MemberID?) {
        guard target == myself.name, let sender else { return }
        send(.ack(seq: seq, updates: piggyback(for: sender)), to: .member(sender))
    }

    mutating func handleAck(seq: UInt64, from sender: MemberID?, now: Duration) {
        if var p = probe, p.seq == seq {
            guard !p.acked else { return }
            p.acked = true
            probe = p
            if let sender, sender.name == p.target.name {
                roundTrip[sender.name] = now - p.sentAt
                adjustHealth(by: -1)
            }
            return
        }
        if let relay = relays.removeValue(forKey: seq) {
            send(.ack(seq: relay.requesterSeq, updates: piggyback(for: relay.requester)), to: .member(relay.requester))
        }
    }

    mutating func handlePingReq(seq: UInt64, target: MemberID, from sender: MemberID?, now: Duration) {
        guard let sender, !hasLeft else { return }
        let relaySeq = takeSeq()
        // Nack early enough to reach the prober before its period ends.
        let window = (settings.probeInterval - settings.probeTimeout) / 2
        relays[relaySeq] = Relay(requester: sender, requesterSeq: seq, deadline: now + window)
        send(.ping(seq: relaySeq, target: target.name, updates: piggyback(for: target)), to: .member(target))
    }

    mutating func expireRelays(now: Duration) {
        for seq in relays.keys.sorted() {
            guard let relay = relays[seq], now >= relay.deadline else { continue }
            relays[seq] = nil
            send(.nack(seq: relay.requesterSeq), to: .member(relay.requester))
        }
    }

    mutating func adjustHealth(by delta: Int) {
        localHealth = min(settings.maxLocalHealth, max(0, localHealth + delta))
    }

    mutating func takeSeq() -> UInt64 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    mutating func send(_ message: GossipMessage, to destination: Destination) {
        out.append(.send(message, to: destination))
    }

    /// Up to `count` distinct random members that are alive or suspect, never this node.
    mutating func randomActiveMembers(count: Int, excluding excluded: String? = nil) -> [MemberID] {
        guard count > 0 else { return [] }
        let slots = table.slotCount
        var picked: [MemberID] = []
        func eligible(_ r: MemberTable.Record) -> Bool {
            r.status.isActive && r.id.name != myself.name && r.id.name != excluded
                && !picked.contains { $0.name == r.id.name }
        }
        if slots <= 64 {
            var candidates: [MemberID] = []
            for s in 0..<slots { if let r = table.record(atSlot: s), eligible(r) { candidates.append(r.id) } }
            while picked.count < count, !candidates.isEmpty {
                picked.append(candidates.remove(at: rng.below(candidates.count)))
            }
            return picked
        }
        for _ in 0..<(count * 8) where picked.count < count {
            if let r = table.record(atSlot: rng.below(slots)), eligible(r) { picked.append(r.id) }
        }
        return picked
    }
}
