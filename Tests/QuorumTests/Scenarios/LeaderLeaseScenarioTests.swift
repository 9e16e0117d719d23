import Quorum
import Testing

/// The leader lease (docs/quorum-timing.md §2) judged against TRUE time with the worst clock rates allowed: the
/// isolated coordinator's clock runs 1 % slow, its successor's 1 % fast, and the successor's election
/// timer fires at the earliest moment its configuration allows.
@Suite("Leader lease: an isolated coordinator stops acting before a successor exists")
struct LeaderLeaseScenarioTests {
    static let (l, f): (NodeID, NodeID) = ("l", "f")
    static let five: [NodeID] = [l, f, "a", "b", "c"]

    @Test("the old coordinator's last current read and last lease renewal come before the successor's election")
    func isolatedCoordinator() throws {
        // E_max just above E_min: the successor campaigns as early as any configuration could let it.
        var fleet = try ScenarioFleet(voters: Self.five) { $0.electionTimeoutMax = $0.electionTimeoutMin + .milliseconds(1) }
        fleet.clockRates[Self.l] = 0.99
        for id in Self.five where id != Self.l { fleet.clockRates[id] = 1.01 }
        fleet.advance(millis: 350)
        try fleet.elect(Self.l, among: Set(Self.five))
        fleet.deliverAll()
        _ = try fleet.propose(.grant(group: "app", node: Self.l), on: Self.l)
        fleet.run(millis: 800)
        try #require(fleet.node(Self.l)?.holdsLease(group: "app", now: fleet.localNow(Self.l)) == true)
        try #require(fleet.currentReaders == [Self.l])

        for id in Self.five where id != Self.l { fleet.cut(Self.l, id) }
        let cutAt = fleet.trueNanos
        var lastOldRead: Int64 = 0
        var proposed = false
        // Only l and f run timers (the others answer), in 0.5 ms steps of true time.
        for _ in 0..<3_000 {
            fleet.advance(micros: 500)
            fleet.tick([Self.l, Self.f])
            let links = fleet.cutLinks
            fleet.drop { links.contains(ScenarioFleet.link($0.from, $0.to)) }
            fleet.deliverAll()
            let readers = fleet.currentReaders
            #expect(readers.count <= 1, "two coordinators may serve current reads at \(fleet.trueNanos)")
            if readers.contains(Self.l) { lastOldRead = fleet.trueNanos }
            let holders = Self.five.filter { fleet.node($0)?.holdsLease(group: "app", now: fleet.localNow($0)) == true }
            #expect(holders.count <= 1, "two holders of app: \(holders)")
            if !proposed, fleet.role(Self.f) == .leader, fleet.node(Self.f)?.committedIndex ?? 0 > 0 {
                _ = try fleet.propose(.grant(group: "app", node: Self.f), on: Self.f)
                proposed = true
            }
        }
        let elected = try #require(fleet.firstEvent("coordinator_elected", on: Self.f, after: cutAt))
        let lastRenewal = fleet.events.last { $0.node == Self.l && $0.event.name == "lease_issued" }?.trueNanos ?? 0
        #expect(lastOldRead < elected)
        #expect(lastRenewal < elected)
        // The handover completed: f holds the group now and l has let go by itself.
        #expect(fleet.node(Self.f)?.holdsLease(group: "app", now: fleet.localNow(Self.f)) == true)
        #expect(fleet.node(Self.l)?.holdsLease(group: "app", now: fleet.localNow(Self.l)) == false)
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    @Test("a voter restarted just after acknowledging the coordinator refuses votes for E_min")
    func restartedVoterKeepsLease() throws {
        let (a, b, c, d): (NodeID, NodeID, NodeID, NodeID) = ("a", "b", "c", "d")
        let all: Set<NodeID> = [Self.l, a, b, c, d]
        var fleet = try ScenarioFleet(voters: [Self.l, a, b, c, d])
        fleet.advance(millis: 350)
        try fleet.elect(Self.l, among: all)
        fleet.deliverAll(among: all)
        fleet.heartbeat(Self.l, among: all)
        fleet.cut(Self.l, c)
        fleet.cut(Self.l, d)
        for _ in 0..<8 { fleet.heartbeat(Self.l, among: [Self.l, a, b]) }
        // c times out; its pre-votes wait in the network.
        var waited = 0
        while fleet.role(c) != .preCandidate, waited < 400 {
            fleet.advance(millis: 1)
            waited += 1
            fleet.tick([Self.l, c])
            fleet.deliverAll(among: [Self.l, a, b])
        }
        try #require(fleet.role(c) == .preCandidate)
        // b acknowledges a fresh heartbeat, then crashes and restarts at once: l still holds its lease.
        while !fleet.mailbox.contains(where: { $0.from == Self.l && $0.to == b }) {
            fleet.advance(millis: 1)
            fleet.tick([Self.l])
            fleet.deliverAll(among: [Self.l, a])
        }
        fleet.deliverAll(among: [Self.l, a, b])
        fleet.crash(b)
        try fleet.restart(b)
        try #require(fleet.currentReaders == [Self.l])
        // c's campaign reaches everyone but l at once.
        fleet.deliverAll(among: [a, b, c, d])
        #expect(fleet.role(c) != .leader)
        #expect(fleet.currentReaders.count <= 1, "two coordinators may serve current reads: \(fleet.currentReaders)")
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }
}
