import Quorum
import Testing

/// Raft §5.4.2 (the paper's Figure 8): a coordinator must not commit an entry of an EARLIER term by
/// counting replicas, because a node holding a newer-term entry at that index can still be elected
/// and overwrite it. The random simulation practically never builds this sequence, so it is built here
/// step by step, with crashes, restarts from durable state and a chosen delivery order.
@Suite("Figure 8: older-term entries commit only through a current-term entry")
struct FigureEightTests {
    static let s1: NodeID = "s1", s2: NodeID = "s2", s3: NodeID = "s3", s4: NodeID = "s4", s5: NodeID = "s5"
    static let all: Set<NodeID> = [s1, s2, s3, s4, s5]
    /// The term-2 proposal that reaches only s1 and s2 before s1 crashes.
    static let orphan = LogEntry(index: 3, term: 2, command: .grant(group: "app", node: "s1"))

    /// Builds the figure up to (c): s1, coordinator of term 4, has just replicated its term-2 entries to
    /// s3, so the orphan sits on a majority (s1, s2, s3) while s1's own term-4 entry sits on s1 and s2 only.
    /// With `ownEntryToMajority` the term-4 entry also reaches s3 (the figure's (e)).
    static func buildUpToC(ownEntryToMajority: Bool) throws -> ScenarioFleet {
        // One entry per AppendEntries, so s3 can be given index 3 without index 4.
        var fleet = try ScenarioFleet(voters: [s1, s2, s3, s4, s5]) { $0.maxEntriesPerMessage = 1 }

        // Term 1: s2 coordinates; its no-op (index 1) is committed everywhere.
        fleet.advance(millis: 300)
        try fleet.elect(s2, among: all)
        fleet.deliverAll(among: all)
        fleet.heartbeat(s2, among: all)
        try #require(fleet.committed[1]?.term == 1)

        // Term 2 (figure (a)): s2 falls silent; s1 is elected and its entries reach s2 only.
        fleet.advance(millis: 350)
        try fleet.elect(s1, among: all)
        try #require(fleet.term(s1) == 2)
        fleet.drop { $0.from == s1 && $0.to != s2 }
        fleet.deliverAll(among: [s1, s2])
        _ = try fleet.propose(orphan.command, on: s1)
        fleet.deliverAll(among: [s1, s2])
        try #require(fleet.node(s2)?.logEntries.last == orphan)
        try #require(fleet.node(s1)?.committedIndex == 1)

        // Term 3 (figure (b)): s1 crashes; s5 wins with s3 and s4 and appends its no-op at index 2,
        // then crashes before sending it anywhere.
        fleet.crash(s1)
        fleet.drop { $0.from == s1 || $0.to == s1 }
        fleet.advance(millis: 350)
        try fleet.elect(s5, among: [s2, s3, s4, s5])
        try #require(fleet.term(s5) == 3)
        try #require(fleet.node(s5)?.logEntries.last == LogEntry(index: 2, term: 3, command: .noop))
        fleet.crash(s5)
        fleet.drop { $0.from == s5 || $0.to == s5 }

        // Term 4 (figure (c)): s1 restarts from disk and wins with s2, s3, s4.
        try fleet.restart(s1)
        fleet.advance(millis: 350)
        try fleet.elect(s1, among: [s1, s2, s3, s4])
        try #require(fleet.term(s1) == 4)
        fleet.drop { $0.from == s1 && $0.to == s4 }
        // s2 takes the term-4 no-op (index 4); s3 is walked back and given indices 2 and 3 only.
        let own = LogEntry(index: 4, term: 4, command: .noop)
        // The first probe to s3 (after index 3) fails its consistency check, whatever it carries.
        for probe in fleet.take(where: { $0.from == s1 && $0.to == s3 }).prefix(1) { fleet.deliver(probe) }
        fleet.deliverAll(where: { envelope in
            guard [s1, s2, s3].contains(envelope.from), [s1, s2, s3].contains(envelope.to) else { return false }
            if !ownEntryToMajority, envelope.to == s3, case let .appendEntries(append) = envelope.message {
                return !append.entries.contains(own)
            }
            return true
        })
        try #require(fleet.node(s3)?.logEntries.count(where: { $0 == orphan }) == 1)
        return fleet
    }

    @Test("an older-term entry on a majority is not committed by counting, and s5 may overwrite it")
    func figureEight() throws {
        var fleet = try Self.buildUpToC(ownEntryToMajority: false)
        // The orphan is on s1, s2, s3: a majority. Counting it would commit it; §5.4.2 forbids that.
        #expect((fleet.node(Self.s1)?.committedIndex ?? 0) < Self.orphan.index)
        #expect(fleet.node(Self.s1)?.fleetState.grants["app"] == nil)

        // Figure (d): s1 crashes; s5 restarts and wins term 5 with s3 and s4 (its last term, 3, beats theirs).
        fleet.crash(Self.s1)
        fleet.drop { $0.from == Self.s1 || $0.to == Self.s1 }
        try fleet.restart(Self.s5)
        fleet.advance(millis: 350)
        let rest: Set<NodeID> = [Self.s2, Self.s3, Self.s4, Self.s5]
        try fleet.elect(Self.s5, among: rest)
        #expect(fleet.term(Self.s5) == 5)
        fleet.deliverAll(among: rest)
        for _ in 0..<4 { fleet.heartbeat(Self.s5, among: rest) }

        // s5's index 2 (term 3) and its term-5 no-op are committed; the orphan was overwritten everywhere.
        let overwrite = LogEntry(index: 2, term: 3, command: .noop)
        #expect(fleet.committed[2] == overwrite)
        #expect(fleet.committed[3] == LogEntry(index: 3, term: 5, command: .noop))
        for id in rest {
            #expect(fleet.node(id)?.logEntries.contains(Self.orphan) == false, "\(id) still holds the orphan")
            #expect(fleet.node(id)?.fleetState.grants["app"] == nil)
        }
        // s1 comes back and is brought in line: its orphan is truncated, never applied.
        try fleet.restart(Self.s1)
        fleet.deliverAll(among: Self.all)
        for _ in 0..<6 { fleet.heartbeat(Self.s5, among: Self.all) }
        #expect(fleet.node(Self.s1)?.logEntries.contains(Self.orphan) == false)
        #expect(fleet.node(Self.s1)?.committedIndex == fleet.node(Self.s5)?.committedIndex)
        let orphanApplied = fleet.everApplied(Self.orphan)
        #expect(!orphanApplied)
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    @Test("once a current-term entry is on a majority, the older entries before it are committed and no node lacking them is elected")
    func figureEightSafeBranch() throws {
        var fleet = try Self.buildUpToC(ownEntryToMajority: true)
        #expect(fleet.node(Self.s1)?.committedIndex == 4)
        #expect(fleet.committed[3] == Self.orphan)

        // Figure (e): s1 crashes; s5 (last term 3) cannot gather a majority against s2's and s3's logs.
        fleet.crash(Self.s1)
        fleet.drop { $0.from == Self.s1 || $0.to == Self.s1 }
        try fleet.restart(Self.s5)
        fleet.advance(millis: 350)
        let rest: Set<NodeID> = [Self.s2, Self.s3, Self.s4, Self.s5]
        let s5Won = fleet.tryElect(Self.s5, among: rest, limitMillis: 3_000)
        #expect(!s5Won)
        // A node holding the committed entries wins instead and keeps them.
        try fleet.elect(Self.s3, among: rest)
        fleet.deliverAll(among: rest)
        for _ in 0..<4 { fleet.heartbeat(Self.s3, among: rest) }
        for id in rest {
            #expect(fleet.node(id)?.fleetState.grants["app"]?.node == Self.s1, "\(id) lost the committed grant")
        }
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }
}
