/// Spreading news: piggybacking, the gossip rounds, push-pull anti-entropy, and re-joining through seeds
/// and dead members' addresses so that a healed partition or a restarted node merges again.
extension SWIMNode {
    /// Updates to piggyback on a message to `recipient`. Lifeguard's buddy system: a member we suspect
    /// (or believe dead) hears about it first, so it can refute at once.
    mutating func piggyback(for recipient: MemberID) -> [MemberUpdate] {
        var result: [MemberUpdate] = []
        if let r = table[recipient.name], r.status == .suspect || r.status == .dead {
            result.append(MemberUpdate(member: r.id, status: r.status, incarnation: r.incarnation))
        }
        let excluded: Set<String> = result.isEmpty ? [] : [recipient.name]
        result += broadcasts.take(max: settings.maxPiggyback - result.count, limit: retransmitLimit,
                                  excluding: excluded)
        return result
    }

    /// A member that we believe suspect or dead but that talks to us is told so (at most once per gossip
    /// interval), so a node that was stalled or cut off refutes without waiting for push-pull.
    mutating func tellIfBelievedDown(_ sender: MemberID, now: Duration) {
        guard let r = table[sender.name], r.status == .suspect || r.status == .dead, r.id.name != myself.name else {
            return
        }
        if let last = toldAt[r.id.name], now - last < settings.gossipInterval { return }
        toldAt[r.id.name] = now
        let update = MemberUpdate(member: r.id, status: r.status, incarnation: r.incarnation)
        send(.gossip(updates: [update]), to: .member(sender))
    }

    /// One gossip round: the same batch goes to `gossipFanout` random members and counts as one
    /// transmission, so each update is pushed in λ·log N rounds to fan-out members each time.
    mutating func gossipRound() {
        guard !broadcasts.isEmpty else { return }
        let targets = randomActiveMembers(count: settings.gossipFanout)
        guard !targets.isEmpty else { return }
        let updates = broadcasts.take(max: settings.maxPiggyback, limit: retransmitLimit)
        guard !updates.isEmpty else { return }
        for target in targets { send(.gossip(updates: updates), to: .member(target)) }
    }

    /// The full state this node shares in push-pull: every member it lists, itself included.
    var fullState: [MemberUpdate] {
        var state: [MemberUpdate] = []
        for slot in 0..<table.slotCount {
            guard let r = table.record(atSlot: slot) else { continue }
            state.append(MemberUpdate(member: r.id, status: r.status, incarnation: r.incarnation,
                                      metadata: r.status == .alive ? r.metadata : nil,
                                      suspector: r.status == .suspect ? myself.name : nil))
        }
        return state
    }

    mutating func pushPullRound() {
        guard let target = randomActiveMembers(count: 1).first else { return }
        send(.pushPull(from: myself, state: fullState, isReply: false), to: .member(target))
    }

    /// Knowing nobody alive: try every seed. Otherwise: one push-pull with a random seed or dead member's
    /// address, the way both sides of a healed partition find each other again.
    mutating func rejoinRound() {
        if table.activeCount <= 1 {
            for seed in seeds { send(.pushPull(from: myself, state: fullState, isReply: false), to: .seed(address: seed)) }
            return
        }
        var candidates: [Destination] = []
        for seed in seeds {
            if let name = seedNames[seed], table[name]?.status.isActive == true { continue }
            candidates.append(.seed(address: seed))
        }
        for name in inactiveSince.keys.sorted() {
            if let r = table[name], r.status == .dead { candidates.append(.member(r.id)) }
        }
        guard !candidates.isEmpty else { return }
        let target = candidates[rng.below(candidates.count)]
        send(.pushPull(from: myself, state: fullState, isReply: false), to: target)
    }

    /// Merges a remote full state. A remote `dead` verdict is taken as a suspicion only (memberlist does the
    /// same), so a member alive on our side of a healed partition gets the chance to refute.
    mutating func handlePushPull(from: MemberID, state: [MemberUpdate], isReply: Bool, now: Duration) {
        if seeds.contains(from.address) { seedNames[from.address] = from.name }
        for var u in state {
            if u.status == .dead, u.member.name != myself.name {
                u.status = .suspect
                u.suspector = from.name
            }
            apply(u, now: now)
        }
        if !isReply, from.name != myself.name {
            send(.pushPull(from: myself, state: fullState, isReply: true), to: .member(from))
        }
    }
}
