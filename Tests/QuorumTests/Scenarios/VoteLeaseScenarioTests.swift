import Quorum
import Testing

/// The vote lease (docs/quorum-timing.md §1) with pre-vote: a voter that hears from the coordinator refuses to help
/// anyone else campaign, so a node that lost only its own link to the coordinator cannot depose it,
/// and no newer coordinator can be elected while the old one may still act on its leader lease.
@Suite("Vote lease: no disruptive candidate while a majority hears the coordinator")
struct VoteLeaseScenarioTests {
    static let five: [NodeID] = ["n1", "n2", "n3", "n4", "n5"]

    static func steadyFleet() throws -> (ScenarioFleet, leader: NodeID, term: UInt64) {
        var fleet = try ScenarioFleet(voters: five)
        fleet.run(millis: 1500)
        try #require(fleet.leaders.count == 1)
        let leader = try #require(fleet.leaders.first)
        let term = try #require(fleet.term(leader))
        return (fleet, leader, term)
    }

    @Test("a follower that lost only its link to the coordinator never starts an election")
    func asymmetricCut() throws {
        var (fleet, leader, term) = try Self.steadyFleet()
        let loner = try #require(Self.five.first { $0 != leader })
        fleet.cut(leader, loner)
        let cutAt = fleet.trueNanos
        fleet.run(millis: 3000)
        #expect(fleet.leaders == [leader])
        for id in Self.five { #expect(fleet.term(id) == term, "\(id) moved to term \(fleet.term(id) ?? 0)") }
        #expect(fleet.firstEvent("election_started", after: cutAt) == nil)
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    @Test("a node back with an inflated term gets no vote while the majority hears the coordinator")
    func inflatedTerm() throws {
        var (fleet, leader, term) = try Self.steadyFleet()
        let loner = try #require(Self.five.first { $0 != leader })
        fleet.cut(leader, loner)
        try fleet.restart(loner, withTerm: term + 5)
        let cutAt = fleet.trueNanos
        fleet.run(millis: 3000)
        #expect(fleet.leaders == [leader])
        for id in Self.five where id != loner { #expect(fleet.term(id) == term) }
        #expect(fleet.firstEvent("coordinator_elected", after: cutAt) == nil)
        // Healing lets the loner's term win once (it must rejoin), with one coordinator and no lost entry.
        fleet.heal()
        fleet.run(millis: 2000)
        #expect(fleet.leaders.count == 1)
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    // MARK: - A pre-vote granted, then the voter hears the coordinator again

    static let (l, a, b, c, d): (NodeID, NodeID, NodeID, NodeID, NodeID) = ("l", "a", "b", "c", "d")

    static func isPreVote(_ e: ScenarioFleet.Envelope) -> Bool {
        if case .preVote = e.message { return true }
        return false
    }

    static func isRequestVote(_ e: ScenarioFleet.Envelope) -> Bool {
        if case .requestVote = e.message { return true }
        return false
    }

    /// Builds: `l` coordinates term 2; `c` and `d` lost their links to `l`; `l`'s heartbeats to `b` were
    /// delayed until `b`'s vote lease ran out (b's clock runs 1 % fast, l's 1 % slow), so `b` and `d` granted
    /// `c`'s pre-vote and `c` now campaigns for term 3 — and then `b` got the delayed heartbeats, so `l`
    /// holds its leader lease again. `c`'s vote requests are still in the mailbox. Also returns a pre-vote
    /// `b` sent to `d` in term 1 that the network held ever since.
    static func campaignAgainstLeasedLeader() throws -> (ScenarioFleet, stale: ScenarioFleet.Envelope) {
        let all: Set<NodeID> = [l, a, b, c, d]
        var fleet = try ScenarioFleet(voters: [l, a, b, c, d])
        fleet.clockRates[l] = 0.99
        fleet.clockRates[b] = 1.01
        fleet.advance(millis: 350)
        // Term 1: b coordinates; its pre-vote to d is held by the network.
        try fleet.elect(b, among: all.subtracting([d]))
        let stale = try #require(fleet.take { $0.from == b && $0.to == d && Self.isPreVote($0) }.first)
        fleet.drop { $0.from == b && $0.to == d }
        fleet.deliverAll(among: all.subtracting([d]))
        // Term 2: b falls silent, l takes over and everyone follows it.
        fleet.advance(millis: 350)
        try fleet.elect(l, among: all)
        fleet.deliverAll(among: all)
        fleet.heartbeat(l, among: all)
        // c and d lose their links to l; 400 ms later l's heartbeats to b start to be held.
        fleet.cut(l, c)
        fleet.cut(l, d)
        for _ in 0..<8 { fleet.heartbeat(l, among: [l, a, b]) }
        // Run to l's next heartbeat (its clock is slow) and let b hear that one: the last for a while.
        while !fleet.mailbox.contains(where: { $0.from == l && $0.to == b }) {
            fleet.advance(millis: 1)
            fleet.tick([l])
        }
        fleet.deliverAll(among: [l, a, b])
        let lastHeardByB = fleet.trueNanos
        // c times out and asks for pre-votes; the network holds them for now.
        while fleet.role(c) != .preCandidate {
            fleet.advance(millis: 5)
            fleet.tick([l, c])
            fleet.deliverAll(among: [l, a])
            try #require(fleet.trueNanos - lastHeardByB < 290_000_000, "c did not time out in time")
        }
        while fleet.trueNanos < lastHeardByB + 299_000_000 {
            fleet.advance(millis: 1)
            fleet.tick([l])
            fleet.deliverAll(among: [l, a])
        }
        try #require(fleet.role(l) == .leader)
        // b's lease has run out on its own clock: b and d grant the pre-vote, c campaigns for term 3.
        for envelope in fleet.take(where: { $0.from == c && Self.isPreVote($0) && [b, d].contains($0.to) }) {
            fleet.deliver(envelope)
        }
        fleet.deliverAll { $0.to == c && !Self.isRequestVote($0) }
        try #require(fleet.role(c) == .candidate && fleet.term(c) == 3)
        // Now b gets l's delayed heartbeats and acknowledges them: l holds its leader lease again.
        fleet.deliverAll { ($0.from == l && $0.to == b) || ($0.from == b && $0.to == l) }
        try #require(fleet.currentReaders == [l])
        return (fleet, stale)
    }

    /// Delivers c's campaign and, should it win, its first AppendEntries and their answers.
    static func finishCampaign(_ fleet: inout ScenarioFleet) {
        fleet.deliverAll { $0.from == c || $0.to == c }
        fleet.advance(millis: 1)
    }

    @Test("a voter that granted a pre-vote and then heard the coordinator again refuses the real vote")
    func preVoteThenLease() throws {
        var (fleet, _) = try Self.campaignAgainstLeasedLeader()
        Self.finishCampaign(&fleet)
        #expect(fleet.role(Self.c) != .leader)
        #expect(fleet.currentReaders.count <= 1, "two coordinators may serve current reads: \(fleet.currentReaders)")
        // The request was ignored, not merely refused: b did not take up term 3 and still follows l.
        #expect(fleet.term(Self.b) == 2)
        #expect(fleet.role(Self.l) == .leader)
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    @Test("a stale refusal that reveals the candidate's term does not open the vote lease")
    func staleHigherTermThenVote() throws {
        var (fleet, stale) = try Self.campaignAgainstLeasedLeader()
        // d votes for c (d hears nobody), so d is in term 3 when b's old term-1 pre-vote finally reaches it;
        // d's refusal carries term 3 back to b.
        fleet.deliverAll { $0.from == Self.c && $0.to == Self.d && Self.isRequestVote($0) }
        fleet.deliver(stale)
        fleet.deliverAll { $0.from == Self.d && $0.to == Self.b }
        #expect(fleet.term(Self.b) == 3, "premise: b learned term 3 while still hearing l")
        Self.finishCampaign(&fleet)
        #expect(fleet.role(Self.c) != .leader)
        #expect(fleet.currentReaders.count <= 1, "two coordinators may serve current reads: \(fleet.currentReaders)")
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }
}
