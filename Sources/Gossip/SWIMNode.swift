import SeededRandom
/// The pure SWIM + Lifeguard membership core of one node.
///
/// It never touches sockets, clocks or threads: the driver feeds it the current monotonic time, ticks and
/// received messages, and performs the effects it returns. Its only randomness is a seeded PRNG, so a
/// simulation of many nodes is reproduced exactly from one seed.
public struct SWIMNode: Sendable {
    public let settings: GossipSettings
    /// This node's identity as it gossips it.
    public private(set) var myself: MemberID
    /// This node's incarnation; bumped to refute suspicions about itself.
    public internal(set) var incarnation: UInt64 = 0
    /// This node's own metadata.
    public private(set) var metadata: MemberMetadata
    /// Lifeguard's local-health score (0 = healthy); probe timing is multiplied by `1 + localHealth`.
    public internal(set) var localHealth: Int = 0
    /// Whether `onLeave` was called.
    public private(set) var hasLeft = false

    let seeds: [String]
    /// Names learnt for seed addresses, so re-join skips seeds that are known to be alive members.
    var seedNames: [String: String] = [:]
    var rng: SplitMix64
    var table: MemberTable
    var lastHeard: [String: Duration] = [:]
    var roundTrip: [String: Duration] = [:]
    var suspicions: [String: Suspicion] = [:]
    var inactiveSince: [String: Duration] = [:]
    var toldAt: [String: Duration] = [:]
    var broadcasts = BroadcastQueue()
    var probe: Probe?
    /// A suspected member to probe next, out of round-robin order (see `considerUrgentProbe`).
    var urgentProbe: String?
    var refutationPending = false
    var lastRefutationAt: Duration?
    var relays: [UInt64: Relay] = [:]
    var round = ProbeRound()
    var nextSeq: UInt64 = 1
    var started = false
    var nextProbeAt: Duration = .zero
    var nextGossipAt: Duration = .zero
    var nextPushPullAt: Duration = .zero
    var nextRejoinAt: Duration = .zero
    var nextReapAt: Duration = .zero
    var out: [GossipEffect] = []

    /// Creates a node that knows only itself and will join through `seeds` (addresses, own one ignored).
    public init(myself: MemberID, metadata: MemberMetadata, seeds: [String], settings: GossipSettings,
                randomSeed: UInt64) {
        self.init(myself: myself, metadata: metadata, seeds: seeds, settings: settings, randomSeed: randomSeed,
                  roster: nil)
    }

    /// Creates a node that already knows `roster` as alive at incarnation 0 (used by large simulations;
    /// the roster is shared between nodes, not copied).
    public init(myself: MemberID, metadata: MemberMetadata, seeds: [String], settings: GossipSettings,
                randomSeed: UInt64, roster: MemberRoster?) {
        self.settings = settings
        self.myself = myself
        self.metadata = metadata
        self.seeds = seeds.filter { $0 != myself.address }
        rng = SplitMix64(seed: randomSeed)
        table = MemberTable(roster: roster)
        for seed in self.seeds {
            if let i = roster?.addressIndex[seed], let m = roster?.members[i] { seedNames[seed] = m.name }
        }
        table.set(.init(id: myself, status: .alive, incarnation: 0, metadata: metadata))
    }

    // MARK: - Entry points

    /// Advances timers: probing, indirect probes, suspicion timeouts, gossip, push-pull, re-join, reaping.
    public mutating func onTick(now: Duration) -> [GossipEffect] {
        out = []
        if !started { start(now: now) }
        if !hasLeft {
            advanceProbe(now: now)
            expireRelays(now: now)
            expireSuspicions(now: now)
            if now >= nextPushPullAt {
                pushPullRound()
                nextPushPullAt = now + scaledPushPullInterval
            }
            if now >= nextRejoinAt {
                rejoinRound()
                nextRejoinAt = now + settings.rejoinInterval * sizeScale
            }
        }
        if now >= nextGossipAt {
            gossipRound()
            nextGossipAt = now + settings.gossipInterval
        }
        if now >= nextReapAt {
            reap(now: now)
            nextReapAt = now + .seconds(1)
        }
        return out
    }

    /// Handles one message. `sender` is the peer's verified identity (nil if unknown: then nothing that
    /// needs an answer is answered).
    public mutating func onMessage(_ message: GossipMessage, from sender: MemberID?, now: Duration) -> [GossipEffect] {
        out = []
        if let sender, sender.name != myself.name, table[sender.name] != nil { lastHeard[sender.name] = now }
        switch message {
        case .ping(let seq, let target, let updates):
            apply(updates, now: now)
            handlePing(seq: seq, target: target, from: sender)
        case .ack(let seq, let updates):
            apply(updates, now: now)
            handleAck(seq: seq, from: sender, now: now)
        case .pingReq(let seq, let target, let updates):
            apply(updates, now: now)
            handlePingReq(seq: seq, target: target, from: sender, now: now)
        case .nack(let seq):
            if probe?.seq == seq { probe?.nacks += 1 }
        case .gossip(let updates):
            apply(updates, now: now)
        case .pushPull(let from, let state, let isReply):
            handlePushPull(from: sender ?? from, state: state, isReply: isReply, now: now)
        }
        if let sender { tellIfBelievedDown(sender, now: now) }
        sendPendingRefutation(accuser: sender, now: now)
        return out
    }

    /// A hint that a send failed or a connection to a member was refused, reset or closed. It never
    /// declares anyone dead by itself: it makes that member the next probe target (or lets a running probe
    /// of it go indirect at once), so a killed agent is suspected within one period instead of whenever
    /// the round-robin reaches it. Drivers should call it whenever a peer connection drops unexpectedly:
    /// it is what brings a killed agent's detection from ~1.3 s to ~0.9 s (p99, 7 nodes).
    public mutating func onSendFailed(to destination: Destination, now: Duration) -> [GossipEffect] {
        out = []
        guard !hasLeft, case .member(let id) = destination, let r = table[id.name], r.status.isActive,
              id.name != myself.name else { return out }
        if let p = probe, p.target.name == id.name {
            if !p.acked, !p.indirectSent { sendIndirectProbes() }
        } else if urgentProbe == nil {
            urgentProbe = id.name
        }
        return out
    }

    /// Leaves gracefully: tells members at once that this node `left`, so they record `left`, not `dead`.
    /// The driver should keep ticking for a short grace period (a few gossip intervals) to spread it further.
    public mutating func onLeave(now: Duration) -> [GossipEffect] {
        out = []
        guard !hasLeft else { return out }
        hasLeft = true
        probe = nil
        let update = MemberUpdate(member: myself, status: .left, incarnation: incarnation)
        table.set(.init(id: myself, status: .left, incarnation: incarnation, metadata: metadata))
        broadcasts.enqueue(update)
        for target in randomActiveMembers(count: 16) {
            out.append(.send(.gossip(updates: [update]), to: .member(target)))
        }
        return out
    }

    /// Publishes new metadata; its version is raised above the current one if needed, so it always wins.
    public mutating func updateMetadata(_ newMetadata: MemberMetadata, now: Duration) -> [GossipEffect] {
        out = []
        var m = newMetadata
        m.version = max(m.version, metadata.version == .max ? .max : metadata.version + 1)
        metadata = m
        publishSelf()
        return out
    }

    /// The membership table as this node sees it, itself included, in a stable order.
    public var snapshot: [MemberSnapshot] {
        var result: [MemberSnapshot] = []
        for slot in 0..<table.slotCount {
            guard let r = table.record(atSlot: slot) else { continue }
            let isSelf = r.id.name == myself.name
            result.append(MemberSnapshot(
                id: r.id, status: r.status, incarnation: r.incarnation, metadata: r.metadata,
                lastHeard: isSelf ? nil : lastHeard[r.id.name], roundTripTime: roundTrip[r.id.name],
                isSelf: isSelf))
        }
        return result
    }

    /// This node's view of one member's status, if it knows the member.
    public func status(of name: String) -> MemberStatus? { table[name]?.status }

    /// Members currently alive or suspect, this node included.
    public var activeMemberCount: Int { table.activeCount }

    /// How many times each update is retransmitted at the current fleet size: λ·⌈log10(N+1)⌉.
    public var retransmitLimit: Int {
        Self.retransmitLimit(members: table.activeCount, multiplier: settings.retransmitMultiplier)
    }

    /// λ·⌈log10(N+1)⌉, memberlist's rule: enough rounds for an epidemic to reach N with high probability.
    public static func retransmitLimit(members: Int, multiplier: Int) -> Int {
        var digits = 0
        var n = max(0, members) + 1
        var power = 1
        while power < n { power *= 10; digits += 1 }
        n = max(1, digits)
        return multiplier * n
    }

    // MARK: - Timers

    private mutating func start(now: Duration) {
        started = true
        nextProbeAt = now + randomFraction(of: settings.probeInterval)
        nextGossipAt = now + randomFraction(of: settings.gossipInterval)
        nextPushPullAt = now + randomFraction(of: scaledPushPullInterval)
        nextRejoinAt = now
        nextReapAt = now + .seconds(1)
    }

    mutating func randomFraction(of d: Duration) -> Duration {
        d * rng.unit()
    }

    /// memberlist's push-pull scaling: above 32 members full-state intervals grow with log2(N/32), so
    /// the per-member cost of exchanging N-sized states stays modest.
    var sizeScale: Int {
        var mult = 1
        var size = 32
        while size < table.activeCount { size *= 2; mult += 1 }
        return mult
    }

    var scaledPushPullInterval: Duration { settings.pushPullInterval * sizeScale }

    private mutating func reap(now: Duration) {
        for name in inactiveSince.keys.sorted() {
            guard let since = inactiveSince[name], now - since >= settings.deadRetention else { continue }
            inactiveSince[name] = nil
            table.remove(name)
            lastHeard[name] = nil
            roundTrip[name] = nil
            toldAt[name] = nil
        }
    }
}
