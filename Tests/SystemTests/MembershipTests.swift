import Foundation
import Testing

/// Gossip membership with real agents: a killed node is declared dead by everybody, a node stalled for
/// less than the suspicion bound is never declared dead, a stopped node is recorded as left, and a
/// restarted node rejoins.
@Suite("Membership (7 real agents)", .serialized)
struct MembershipTests {
    let names = ["app1", "app2", "int1", "int2", "db1", "db2", "db3"]

    private func startFleet() throws -> TestFleet {
        let fleet = try TestFleet()
        try fleet.addMesh(names)
        for name in names { try fleet.start(name) }
        let converged = fleet.eventually(timeout: .seconds(30)) {
            names.allSatisfy { name in
                let view = fleet.members(of: name)
                return view.count == names.count && view.values.allSatisfy { $0 == "alive" }
            }
        }
        try #require(converged, "the fleet never saw itself all alive")
        return fleet
    }

    @Test("kill -9 → every survivor marks it dead; restart → it rejoins everywhere")
    func killedIsDeadThenRejoins() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let survivors = names.filter { $0 != "db3" }
        fleet.signal("db3", SIGKILL)
        let started = ContinuousClock.now
        let dead = fleet.eventually(timeout: .seconds(5)) { survivors.allSatisfy { fleet.members(of: $0)["db3"] == "dead" } }
        #expect(dead, "not every survivor marked db3 dead within 5 s")
        print("db3 dead everywhere after \(ContinuousClock.now - started) (includes polling 6 agents)")
        for name in survivors {
            #expect(fleet.members(of: name).filter { $0.key != "db3" }.values.allSatisfy { $0 == "alive" }, "\(name) lost someone else")
        }

        try fleet.start("db3")
        let back = fleet.eventually(timeout: .seconds(15)) { names.allSatisfy { fleet.members(of: $0)["db3"] == "alive" } }
        #expect(back, "db3 did not rejoin everywhere")
        #expect(fleet.log("app1").contains("event=member_rejoined"))
    }

    @Test("SIGSTOP for less than the suspicion bound → nobody declares the node dead")
    func briefStallIsNotDeath() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        for _ in 0..<3 {
            fleet.signal("int2", SIGSTOP)
            usleep(300_000)
            fleet.signal("int2", SIGCONT)
            usleep(2_000_000)
        }
        for name in names {
            #expect(!fleet.log(name).contains("event=member_dead"), "\(name) declared someone dead after a 300 ms stall")
            #expect(fleet.members(of: name).values.allSatisfy { $0 == "alive" })
        }
    }

    @Test("graceful stop (SIGTERM) → recorded as left, not dead")
    func gracefulStopIsLeft() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        fleet.stopNode("int1")
        let others = names.filter { $0 != "int1" }
        let left = fleet.eventually(timeout: .seconds(5)) { others.allSatisfy { fleet.members(of: $0)["int1"] == "left" } }
        #expect(left, "views: \(others.map { "\($0): \(fleet.members(of: $0)["int1"] ?? "?")" })")
        for name in others { #expect(!fleet.log(name).contains("event=member_dead"), "\(name) recorded a death") }
    }
}
