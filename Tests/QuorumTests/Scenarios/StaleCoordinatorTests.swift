import Quorum
import Testing

/// What a coordinator that has been (or is being) replaced may still do: nothing that another node
/// could contradict. Transfer, a partition and a compacted log each leave a stale node behind.
@Suite("Stale coordinators and stale log suffixes")
struct StaleCoordinatorTests {
    @Test("after TimeoutNow the old coordinator serves no current read, even before it hears of its successor")
    func transferEndsCurrentReads() throws {
        let (x, y, z): (NodeID, NodeID, NodeID) = ("x", "y", "z")
        let all: Set<NodeID> = [x, y, z]
        var fleet = try ScenarioFleet(voters: [x, y, z])
        fleet.advance(millis: 350)
        try fleet.elect(x, among: all)
        fleet.deliverAll(among: all)
        fleet.heartbeat(x, among: all)
        try #require(fleet.currentReaders == [x])

        try fleet.transferLeadership(from: x, to: y)
        fleet.deliverAll { $0.from == x && $0.to == y }
        // y campaigns with the transfer flag; z votes at once. Nothing from y reaches x yet.
        try #require(fleet.role(y) == .candidate)
        fleet.deliverAll(among: [y, z])
        try #require(fleet.role(y) == .leader)
        _ = try fleet.propose(.setConfigVersion(version: 7), on: y)
        fleet.deliverAll(among: [y, z])
        try #require(fleet.node(y)?.fleetState.configVersion == 7)
        #expect(fleet.role(x) == .leader, "premise: x has not heard of y")
        #expect(fleet.currentReaders == [y], "x would answer configVersion \(fleet.node(x)?.fleetState.configVersion ?? 0)")
    }

    @Test("a partitioned coordinator's proposals are never applied; their tickets resolve as superseded")
    func deposedProposals() throws {
        let five: [NodeID] = ["p1", "p2", "p3", "p4", "p5"]
        var fleet = try ScenarioFleet(voters: five)
        fleet.run(millis: 1500)
        let old = try #require(fleet.leaders.first)
        for id in five where id != old { fleet.cut(old, id) }
        let ticket = try fleet.propose(.pin(group: "app", node: old), on: old)
        fleet.run(millis: 1500)
        let successor = try #require(fleet.leaders.first { $0 != old })
        _ = try fleet.propose(.pin(group: "app", node: successor), on: successor)
        fleet.run(millis: 200)
        fleet.heal()
        fleet.run(millis: 1500)
        let lost = LogEntry(index: ticket.index, term: ticket.term, command: .pin(group: "app", node: old))
        let lostApplied = fleet.everApplied(lost)
        #expect(!lostApplied)
        let atTicket = try #require(fleet.applied[old]?.first { $0.index == ticket.index })
        #expect(ticket.outcome(for: atTicket) == .superseded)
        for id in five { #expect(fleet.node(id)?.fleetState.pins["app"] == successor) }
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    @Test("InstallSnapshot discards a follower's conflicting suffix, also beyond the snapshot, and a restart keeps it gone")
    func snapshotOverConflictingSuffix() throws {
        let (x, f, m, o1, o2): (NodeID, NodeID, NodeID, NodeID, NodeID) = ("x", "f", "m", "o1", "o2")
        let all: Set<NodeID> = [x, f, m, o1, o2]
        var fleet = try ScenarioFleet(voters: [x, f, m, o1, o2]) { $0.snapshotThreshold = 4 }
        fleet.advance(millis: 350)
        try fleet.elect(x, among: all)
        fleet.deliverAll(among: all)
        fleet.heartbeat(x, among: all)
        // x's twelve proposals reach f only: an uncommitted suffix at indices 2...13.
        var stale: [LogEntry] = []
        for step in 0..<12 {
            let ticket = try fleet.propose(.recordOperationStep(operation: "old", step: step, node: x, status: "started"), on: x)
            stale.append(LogEntry(index: ticket.index, term: ticket.term,
                                  command: .recordOperationStep(operation: "old", step: step, node: x, status: "started")))
        }
        fleet.deliverAll(among: [x, f])
        fleet.drop { $0.from == x || $0.to == x }
        fleet.crash(x)
        try #require(fleet.node(f)?.logEntries.last == stale.last)

        // m coordinates term 2 without f, commits eight entries and compacts its log.
        let rest: Set<NodeID> = [m, o1, o2]
        fleet.advance(millis: 350)
        try fleet.elect(m, among: rest)
        fleet.drop { $0.to == f }
        fleet.deliverAll(among: rest)
        for step in 0..<8 {
            _ = try fleet.propose(.setConfigVersion(version: UInt64(step + 1)), on: m)
            fleet.deliverAll(among: rest)
        }
        fleet.heartbeat(m, among: rest)
        fleet.drop { $0.to == f }
        let snapshot = try #require(fleet.node(m)?.snapshot)
        try #require(snapshot.lastIndex < stale.last?.index ?? 0, "premise: f's suffix reaches past the snapshot")

        // m's next heartbeat to f is the snapshot: f's log was never matched and is compacted away on m.
        fleet.advance(millis: 50)
        fleet.tick([m])
        let install = try #require(fleet.take { $0.from == m && $0.to == f }.first)
        try #require(Self.isInstallSnapshot(install))
        fleet.deliver(install)
        let heldAfterInstall = fleet.node(f)?.logEntries ?? []
        #expect(heldAfterInstall.allSatisfy { !stale.contains($0) }, "f kept \(heldAfterInstall.filter { stale.contains($0) }.count) stale entries")

        fleet.deliverAll(among: rest.union([f]))
        for _ in 0..<3 { fleet.heartbeat(m, among: rest.union([f])) }
        #expect(fleet.node(f)?.fleetState == fleet.node(m)?.fleetState)
        fleet.crash(f)
        try fleet.restart(f)
        let afterRestart = fleet.node(f)?.logEntries ?? []
        #expect(afterRestart.allSatisfy { !stale.contains($0) })
        let anyStaleApplied = stale.contains { fleet.everApplied($0) }
        #expect(!anyStaleApplied)
        #expect(fleet.violations.isEmpty, "\(fleet.violations)")
    }

    static func isInstallSnapshot(_ e: ScenarioFleet.Envelope) -> Bool {
        if case .installSnapshot = e.message { return true }
        return false
    }
}
