import Foundation
import Testing

/// The quorum with real agents: a killed coordinator is replaced, a coordinator paused past its lease
/// does not act in its old term when it wakes, and committed state survives every agent dying at once.
@Suite("Quorum (5 real voters)", .serialized)
struct QuorumProcessTests {
    let names = ["app1", "app2", "int1", "int2", "db1"]

    private func startFleet() throws -> TestFleet {
        let fleet = try TestFleet()
        try fleet.addMesh(names, voters: names)
        for name in names { try fleet.start(name) }
        try #require(fleet.eventually(timeout: .seconds(20)) { agreedCoordinator(fleet, among: names) != nil },
                     "no coordinator agreed by all")
        return fleet
    }

    /// The coordinator every node in `among` names, with the term, if they all agree.
    private func agreedCoordinator(_ fleet: TestFleet, among: [String]) -> (name: String, term: Int)? {
        let views = among.map { fleet.coordinator(of: $0) }
        guard let first = views.first, let name = first["coordinator"] as? String, let term = first["term"] as? Int else { return nil }
        let agree = views.allSatisfy { $0["coordinator"] as? String == name && $0["term"] as? Int == term }
        return agree ? (name, term) : nil
    }

    /// Voters stopped one after another while the others keep the quorum busy: each stop is orderly
    /// (exit 0), even though raft frames keep arriving after its disk writer has shut down.
    @Test("SIGTERM of busy voters → each exits 0, none reports a storage failure")
    func gracefulStopsOfBusyVoters() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        for (offset, name) in names.prefix(2).enumerated() {
            let writer = names.last!
            _ = try? fleet.admin(writer, ["fleet", "set-config-version", String(offset + 1)], timeout: .seconds(5))
            let status = fleet.stopNode(name)
            #expect(status == 0, "\(name) exited \(status.map(String.init) ?? "?"): \(fleet.log(name))")
            #expect(!fleet.log(name).contains("storage_failed"), "\(name): \(fleet.log(name))")
        }
    }

    @Test("kill -9 of the coordinator → a new one, agreed by every survivor, in a higher term")
    func coordinatorKilled() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let old = try #require(agreedCoordinator(fleet, among: names))
        fleet.signal(old.name, SIGKILL)
        let survivors = names.filter { $0 != old.name }
        let started = ContinuousClock.now
        var next: (name: String, term: Int)?
        let elected = fleet.eventually(timeout: .seconds(5)) {
            next = agreedCoordinator(fleet, among: survivors)
            return next.map { $0.name != old.name && $0.term > old.term } ?? false
        }
        #expect(elected, "no new coordinator within 5 s")
        print("new coordinator \(next?.name ?? "-") in term \(next?.term ?? 0) after \(ContinuousClock.now - started) (includes CLI polling)")
        let committed = try fleet.admin(survivors[0], ["fleet", "set-config-version", "11"])
        #expect(committed.status == 0, "the new coordinator does not commit: \(committed)")
    }

    @Test("a coordinator paused past its lease does not commit in its old term when it wakes")
    func pausedCoordinator() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let old = try #require(agreedCoordinator(fleet, among: names))
        fleet.signal(old.name, SIGSTOP)
        let others = names.filter { $0 != old.name }
        var next: (name: String, term: Int)?
        let replaced = fleet.eventually(timeout: .seconds(5)) {
            next = agreedCoordinator(fleet, among: others)
            return next.map { $0.term > old.term } ?? false
        }
        #expect(replaced, "the others did not elect a new coordinator while the old one slept")
        let committed = try fleet.admin(others[0], ["fleet", "set-config-version", "21"])
        #expect(committed.status == 0, "\(committed)")
        fleet.signal(old.name, SIGCONT)
        // Right after waking, ask the old coordinator to commit: it may refuse or forward, but whatever
        // it commits must be in the new term, never its old one.
        let attempt = try fleet.admin(old.name, ["fleet", "set-config-version", "22"])
        if attempt.status == 0 {
            let term = Int(attempt.stdout.split(separator: "\n").first { $0.contains("\"term\"") }?
                .filter(\.isNumber) ?? "") ?? 0
            #expect(term > old.term, "the woken coordinator committed in its old term \(old.term): \(attempt.stdout)")
        }
        #expect(fleet.eventually(timeout: .seconds(5)) {
            let view = fleet.coordinator(of: old.name)
            return view["role"] as? String != "leader" || (view["term"] as? Int ?? 0) > old.term
        }, "the woken node still acts as coordinator of the old term")
        #expect(fleet.log(old.name).contains("event=coordinator_stepped_down") || (fleet.coordinator(of: old.name)["term"] as? Int ?? 0) > old.term)
    }

    @Test("every agent killed at once and restarted → the committed state is intact")
    func restartAll() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let result = try fleet.admin("int1", ["fleet", "set-config-version", "42"])
        try #require(result.status == 0, "\(result)")
        for name in names { fleet.signal(name, SIGKILL) }
        for name in names { fleet.stopNode(name) }
        for name in names { try fleet.start(name) }
        #expect(fleet.eventually(timeout: .seconds(20)) { agreedCoordinator(fleet, among: names) != nil })
        for name in names {
            let state = try fleet.admin(name, ["fleet", "state", "--current"])
            #expect(state.status == 0, "\(name): \(state)")
            #expect(state.stdout.contains("\"configVersion\" : 42"), "\(name) lost the committed state: \(state.stdout)")
        }
    }
}
