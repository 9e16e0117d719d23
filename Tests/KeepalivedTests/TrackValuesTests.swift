import Testing
@testable import Keepalived
import SeededRandom

@Suite("Track values")
struct TrackValuesTests {
    @Test func ownerBoostBeatsEveryStandbyWhoeverOwns() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...5, using: &rng)
            var priorities: [String: Int] = [:]
            for index in 0..<count { priorities["n\(index)"] = Int.random(in: 1...253, using: &rng) }
            let values = try TrackValues(priorities: priorities)
            for owner in priorities.keys {
                let ownerPriority = try #require(values.effectivePriority(of: owner, writing: values.ownerBoost))
                for other in priorities.keys where other != owner {
                    let standby = try #require(values.effectivePriority(of: other, writing: values.standbyRaise))
                    #expect(ownerPriority > standby, "\(priorities), owner \(owner)")
                    // The raise keeps the configured order among standbys.
                    let ownerAsStandby = try #require(values.effectivePriority(of: owner, writing: values.standbyRaise))
                    #expect((ownerAsStandby > standby) == (priorities[owner]! > priorities[other]!) || priorities[owner] == priorities[other],
                            "\(priorities)")
                    let raise = try values.successorRaise(successor: other, owner: owner)
                    let successor = try #require(values.effectivePriority(of: other, writing: raise))
                    #expect(raise >= 0 && successor >= standby && successor < ownerPriority, "\(priorities)")
                }
                #expect(values.effectivePriority(of: owner, writing: TrackValues.ineligible) == nil)
            }
        }
    }

    /// Owner at 254, standbys shifted so the highest sits at 253, a successor just below the owner:
    /// skew times of 0.2 s (app2 standby) and 0.01 s (any successor) instead of 0.6 s at priority 100.
    @Test func typicalPairIsRaisedToTheTopOfTheRange() throws {
        let values = try TrackValues(priorities: ["app1": 150, "app2": 100])
        #expect(values.ownerBoost == 154 && values.standbyRaise == 103)
        #expect(values.effectivePriority(of: "app1", writing: values.ownerBoost) == 254)
        #expect(values.effectivePriority(of: "app2", writing: values.ownerBoost) == 254)
        #expect(values.effectivePriority(of: "app1", writing: values.standbyRaise) == 253)
        #expect(values.effectivePriority(of: "app2", writing: values.standbyRaise) == 203)
        #expect(try values.successorRaise(successor: "app2", owner: "app1") == 153)
        #expect(try values.successorRaise(successor: "app1", owner: "app2") == 103)
        #expect(values.effectivePriority(of: "app2", writing: 153) == 253)
    }

    @Test func refusesPrioritiesABoostCannotOutbid() {
        #expect(throws: TrackValuesError.noMembers) { try TrackValues(priorities: [:]) }
        #expect(throws: TrackValuesError.priorityOutOfRange(member: "a", priority: 254)) {
            try TrackValues(priorities: ["a": 254, "b": 1])
        }
        #expect(throws: TrackValuesError.priorityOutOfRange(member: "b", priority: 0)) {
            try TrackValues(priorities: ["a": 10, "b": 0])
        }
        #expect(throws: TrackValuesError.unknownMember("zz")) {
            try TrackValues(priorities: ["a": 10]).successorRaise(successor: "zz", owner: "a")
        }
    }
}
