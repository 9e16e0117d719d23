import Testing
@testable import Gossip

/// Single steps of the pure core, driven by hand with explicit times.
@Suite("SWIM core steps")
struct CoreStepTests {
    static let ids = (0..<5).map { MemberID(name: "m\($0)", address: "m\($0):7946") }

    static func node(_ i: Int = 0, members: Int = 5, settings: GossipSettings = GossipSettings()) -> SWIMNode {
        SWIMNode(myself: ids[i], metadata: MemberMetadata(), seeds: [], settings: settings, randomSeed: 7,
                 roster: MemberRoster(Array(ids.prefix(members))))
    }

    static func sends(_ effects: [GossipEffect]) -> [(GossipMessage, Destination)] {
        effects.compactMap { if case .send(let m, let d) = $0 { return (m, d) } else { return nil } }
    }

    static func events(_ effects: [GossipEffect]) -> [MembershipEvent] {
        effects.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    static func updates(in m: GossipMessage) -> [MemberUpdate] {
        switch m {
        case .ping(_, _, let u), .ack(_, let u), .pingReq(_, _, let u), .gossip(let u): return u
        case .pushPull(_, let u, _): return u
        case .nack: return []
        }
    }

    /// Ticks every 20 ms from `from` to `to`, collecting effects; with `answering`, every probe is acked
    /// at once (so the node's own probes add no suspicion of their own).
    static func tick(_ n: inout SWIMNode, from: Duration, to: Duration, answering: Bool = false) -> [GossipEffect] {
        var all: [GossipEffect] = []
        var t = from
        while t <= to {
            let effects = n.onTick(now: t)
            all += effects
            for case (.ping(let seq, let target, _), _) in sends(effects) where answering {
                _ = n.onMessage(.ack(seq: seq, updates: []), from: ids.first { $0.name == target }, now: t)
            }
            t += .milliseconds(20)
        }
        return all
    }

    @Test func refutationBumpsIncarnationAndAnnouncesIt() {
        var n = Self.node()
        let sus = MemberUpdate(member: Self.ids[0], status: .suspect, incarnation: 0, suspector: "m1")
        _ = n.onMessage(.gossip(updates: [sus]), from: Self.ids[1], now: .seconds(1))
        #expect(n.incarnation == 1)
        #expect(n.localHealth == 1)
        let reply = n.onMessage(.ping(seq: 5, target: "m0", updates: []), from: Self.ids[2], now: .seconds(1))
        let ack = Self.sends(reply).first
        #expect(ack.map { Self.updates(in: $0.0) }?.contains {
            $0.member.name == "m0" && $0.status == .alive && $0.incarnation == 1
        } == true)
        // A stale accusation (older incarnation) changes nothing.
        _ = n.onMessage(.gossip(updates: [sus]), from: Self.ids[1], now: .seconds(2))
        #expect(n.incarnation == 1)
        // A death verdict at the current incarnation is refuted too.
        let dead = MemberUpdate(member: Self.ids[0], status: .dead, incarnation: 1)
        _ = n.onMessage(.gossip(updates: [dead]), from: Self.ids[1], now: .seconds(3))
        #expect(n.incarnation == 2)
    }

    @Test func suspicionTimeoutShrinksWithConfirmations() {
        let lo = Duration.milliseconds(600), hi = Duration.seconds(3)
        var previous = Duration.seconds(100)
        for c in 0...5 {
            let t = Suspicion.timeout(confirmations: c, expected: 3, min: lo, max: hi)
            #expect(t <= previous && t >= lo && t <= hi)
            previous = t
        }
        #expect(Suspicion.timeout(confirmations: 0, expected: 3, min: lo, max: hi) == hi)
        #expect(Suspicion.timeout(confirmations: 3, expected: 3, min: lo, max: hi) == lo)
        #expect(Suspicion.timeout(confirmations: 9, expected: 3, min: lo, max: hi) == lo)
    }

    @Test func confirmationsMakeTheVerdictComeSooner() {
        // Without confirmation: dead only after suspicionMax.
        var lone = Self.node()
        _ = lone.onTick(now: .zero)
        let sus = MemberUpdate(member: Self.ids[3], status: .suspect, incarnation: 0, suspector: "m1")
        _ = lone.onMessage(.gossip(updates: [sus]), from: Self.ids[1], now: .zero)
        _ = Self.tick(&lone, from: .milliseconds(20), to: .milliseconds(2_900), answering: true)
        #expect(lone.status(of: "m3") == .suspect)
        _ = Self.tick(&lone, from: .milliseconds(2_920), to: .milliseconds(3_040), answering: true)
        #expect(lone.status(of: "m3") == .dead)

        // Two independent confirmations (expected 2): dead after suspicionMin.
        var confirmed = Self.node()
        _ = confirmed.onTick(now: .zero)
        _ = confirmed.onMessage(.gossip(updates: [sus]), from: Self.ids[1], now: .zero)
        for s in ["m2", "m4"] {
            var c = sus
            c.suspector = s
            _ = confirmed.onMessage(.gossip(updates: [c]), from: Self.ids[2], now: .milliseconds(100))
        }
        let effects = Self.tick(&confirmed, from: .milliseconds(20), to: .milliseconds(700), answering: true)
        #expect(confirmed.status(of: "m3") == .dead)
        #expect(Self.events(effects).contains(.dead(Self.ids[3], incarnation: 0)))
    }

    @Test func localHealthGrowsOnMissedAcksAndShrinksOnSuccess() {
        var n = Self.node(members: 2)  // only one peer: no helpers, so a lost probe counts fully
        var t = Duration.zero
        var pings: [(UInt64, Duration)] = []
        while pings.count < 4 {
            for (m, _) in Self.sends(n.onTick(now: t)) { if case .ping(let seq, _, _) = m { pings.append((seq, t)) } }
            t += .milliseconds(20)
        }
        #expect(n.localHealth == 3)
        // The probe interval stretched with the score: later pings are further apart.
        #expect(pings[3].1 - pings[2].1 > pings[1].1 - pings[0].1)
        _ = n.onMessage(.ack(seq: pings[3].0, updates: []), from: Self.ids[1], now: t)
        #expect(n.localHealth == 2)
        #expect(n.snapshot.first { $0.id.name == "m1" }?.roundTripTime != nil)
    }

    @Test func nacksFromHelpersKeepLocalHealthDown() {
        var n = Self.node()
        var t = Duration.zero
        var probeSeq: UInt64?
        var helpers: [MemberID] = []
        while helpers.isEmpty {
            for (m, d) in Self.sends(n.onTick(now: t)) {
                if case .pingReq(let seq, _, _) = m, case .member(let h) = d { probeSeq = seq; helpers.append(h) }
            }
            t += .milliseconds(20)
        }
        for h in helpers { _ = n.onMessage(.nack(seq: probeSeq ?? 0), from: h, now: t) }
        _ = Self.tick(&n, from: t, to: t + .milliseconds(200))
        #expect(n.localHealth == 0)
        #expect(n.snapshot.contains { $0.status == .suspect })
    }

    @Test func retransmitLimitGrowsWithLogN() {
        #expect(SWIMNode.retransmitLimit(members: 7, multiplier: 4) == 4)
        #expect(SWIMNode.retransmitLimit(members: 50, multiplier: 4) == 8)
        #expect(SWIMNode.retransmitLimit(members: 1_000, multiplier: 4) == 16)
        #expect(SWIMNode.retransmitLimit(members: 10_000, multiplier: 4) == 20)
        var last = 0
        for n in stride(from: 1, to: 100_000, by: 997) {
            let l = SWIMNode.retransmitLimit(members: n, multiplier: 3)
            #expect(l >= last)
            last = l
        }
    }

    @Test func newerMetadataVersionWinsForTheSameIncarnation() {
        var n = Self.node()
        let m1 = Self.ids[1]
        func alive(_ inc: UInt64, _ v: UInt64, _ role: String) -> GossipMessage {
            .gossip(updates: [MemberUpdate(member: m1, status: .alive, incarnation: inc,
                                           metadata: MemberMetadata(version: v, values: ["role": .string(role)]))])
        }
        func role() -> MetadataValue? { n.snapshot.first { $0.id.name == "m1" }?.metadata.values["role"] }
        _ = n.onMessage(alive(0, 2, "app"), from: m1, now: .seconds(1))
        #expect(role() == .string("app"))
        _ = n.onMessage(alive(0, 1, "old"), from: m1, now: .seconds(1))
        #expect(role() == .string("app"))
        _ = n.onMessage(alive(0, 3, "int"), from: m1, now: .seconds(1))
        #expect(role() == .string("int"))
        // A higher incarnation wins whatever its metadata version.
        _ = n.onMessage(alive(1, 0, "db"), from: m1, now: .seconds(1))
        #expect(role() == .string("db"))
    }

    @Test func ownMetadataChangeBumpsVersionAndIsGossiped() {
        var n = Self.node()
        _ = n.updateMetadata(MemberMetadata(version: 0, values: ["role": .string("app")]), now: .zero)
        _ = n.updateMetadata(MemberMetadata(version: 0, values: ["role": .string("int")]), now: .zero)
        #expect(n.metadata.version == 2)
        let gossip = Self.tick(&n, from: .zero, to: .milliseconds(200))
        let mine = Self.sends(gossip).flatMap { Self.updates(in: $0.0) }.filter { $0.member.name == "m0" }
        #expect(mine.contains { $0.metadata?.values["role"] == .string("int") && $0.metadata?.version == 2 })
    }

    @Test func statusPrecedenceAndEvents() {
        var n = Self.node()
        let m2 = Self.ids[2]
        let dead = MemberUpdate(member: m2, status: .dead, incarnation: 4)
        #expect(Self.events(n.onMessage(.gossip(updates: [dead]), from: nil, now: .zero)) == [.dead(m2, incarnation: 4)])
        // Same-incarnation alive does not resurrect; a suspicion does not downgrade a death.
        let stale = [MemberUpdate(member: m2, status: .alive, incarnation: 4),
                     MemberUpdate(member: m2, status: .suspect, incarnation: 4, suspector: "m1")]
        #expect(Self.events(n.onMessage(.gossip(updates: stale), from: nil, now: .zero)).isEmpty)
        #expect(n.status(of: "m2") == .dead)
        let back = MemberUpdate(member: m2, status: .alive, incarnation: 5)
        #expect(Self.events(n.onMessage(.gossip(updates: [back]), from: nil, now: .zero)) == [.rejoined(m2, incarnation: 5)])
        let sus = MemberUpdate(member: m2, status: .suspect, incarnation: 5, suspector: "m3")
        #expect(Self.events(n.onMessage(.gossip(updates: [sus]), from: nil, now: .zero))
            == [.suspected(m2, incarnation: 5, suspector: "m3")])
        let refute = MemberUpdate(member: m2, status: .alive, incarnation: 6)
        #expect(Self.events(n.onMessage(.gossip(updates: [refute]), from: nil, now: .zero)) == [.alive(m2, incarnation: 6)])
        let newcomer = MemberID(name: "x9", address: "x9:1")
        let join = MemberUpdate(member: newcomer, status: .alive, incarnation: 0)
        #expect(Self.events(n.onMessage(.gossip(updates: [join]), from: nil, now: .zero)) == [.joined(newcomer, incarnation: 0)])
    }

    @Test func gracefulLeaveIsAnnouncedAndRecordedAsLeft() {
        var leaver = Self.node(1)
        let effects = leaver.onLeave(now: .seconds(1))
        let sent = Self.sends(effects)
        #expect(sent.count == 4)
        #expect(sent.allSatisfy { Self.updates(in: $0.0).contains { $0.status == .left && $0.member.name == "m1" } })
        var peer = Self.node(0)
        let ev = Self.events(peer.onMessage(sent[0].0, from: Self.ids[1], now: .seconds(1)))
        #expect(ev == [.left(Self.ids[1], incarnation: 0)])
        #expect(peer.status(of: "m1") == .left)
        // A left node does not refute and stops probing.
        _ = leaver.onMessage(.gossip(updates: [MemberUpdate(member: Self.ids[1], status: .dead, incarnation: 0)]),
                             from: Self.ids[0], now: .seconds(2))
        #expect(leaver.incarnation == 0)
        let later = Self.sends(Self.tick(&leaver, from: .seconds(2), to: .seconds(5)))
        #expect(!later.contains { if case .ping = $0.0 { return true } else { return false } })
    }

    @Test func roundRobinProbesEveryMemberOncePerRound() {
        var n = Self.node()
        var targets: [String] = []
        var t = Duration.zero
        while targets.count < 12 {
            for (m, _) in Self.sends(n.onTick(now: t)) {
                if case .ping(let seq, let target, _) = m {
                    targets.append(target)
                    _ = n.onMessage(.ack(seq: seq, updates: []), from: Self.ids.first { $0.name == target }, now: t)
                }
            }
            t += .milliseconds(20)
        }
        for r in 0..<3 {
            #expect(Set(targets[(r * 4)..<(r * 4 + 4)]) == ["m1", "m2", "m3", "m4"])
        }
    }

    @Test func junkMessagesChangeNothing() {
        var n = Self.node()
        let before = n.snapshot
        let junk: [GossipMessage] = [
            .ack(seq: 999, updates: []), .nack(seq: 12), .ping(seq: 1, target: "someone-else", updates: []),
            .gossip(updates: [MemberUpdate(member: MemberID(name: "", address: ""), status: .alive, incarnation: 1)]),
            .gossip(updates: [MemberUpdate(member: MemberID(name: "ghost", address: "g:1"), status: .dead, incarnation: .max)]),
            .pingReq(seq: 3, target: Self.ids[2], updates: []),
        ]
        for m in junk {
            let effects = n.onMessage(m, from: nil, now: .seconds(1))
            #expect(Self.events(effects).isEmpty)
        }
        #expect(n.snapshot == before)
        #expect(n.incarnation == 0)
        // Accusations and metadata at the largest values neither crash nor wrap around.
        let extreme = MemberUpdate(member: Self.ids[0], status: .dead, incarnation: .max)
        _ = n.onMessage(.gossip(updates: [extreme]), from: Self.ids[1], now: .seconds(2))
        #expect(n.incarnation == 0)
        _ = n.updateMetadata(MemberMetadata(version: .max), now: .seconds(2))
        _ = n.updateMetadata(MemberMetadata(version: 0), now: .seconds(2))
        #expect(n.metadata.version == .max)
    }

    @Test func connectionResetMakesThatMemberTheNextProbe() {
        var n = Self.node()
        _ = n.onTick(now: .zero)
        _ = n.onSendFailed(to: .member(Self.ids[3]), now: .milliseconds(5))
        var target: String?
        var t = Duration.milliseconds(20)
        while target == nil, t < .seconds(1) {
            for case (.ping(_, let name, _), _) in Self.sends(n.onTick(now: t)) { target = name }
            t += .milliseconds(20)
        }
        #expect(target == "m3")
        // The hint alone never makes anyone suspect or dead.
        #expect(n.status(of: "m3") == .alive)
    }

    @Test func aLoneNodeKeepsTryingItsSeeds() {
        var n = SWIMNode(myself: Self.ids[0], metadata: MemberMetadata(), seeds: ["m0:7946", "s1:1", "s2:1"],
                         settings: GossipSettings(), randomSeed: 1)
        let sent = Self.sends(Self.tick(&n, from: .zero, to: .seconds(7)))
        let seedSends = sent.filter { if case .seed = $0.1 { return true } else { return false } }
        // Two seeds (its own address excluded), tried at start and every re-join interval.
        #expect(seedSends.count == 8)
        #expect(Set(seedSends.map(\.1.address)) == ["s1:1", "s2:1"])
    }

    @Test func snapshotReportsLastHeard() {
        var n = Self.node()
        _ = n.onMessage(.gossip(updates: []), from: Self.ids[3], now: .milliseconds(1_234))
        let line = n.snapshot.first { $0.id.name == "m3" }
        #expect(line?.lastHeard == .milliseconds(1_234))
        #expect(line?.status == .alive)
        #expect(n.snapshot.filter(\.isSelf).map(\.id.name) == ["m0"])
    }
}
