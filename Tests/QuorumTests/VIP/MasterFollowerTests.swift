import Testing
@testable import Quorum

/// The coordinator follows a MASTER keepalived chose only when nothing better explains the grant, and
/// never undoes a planned handover (the lab found exactly that bug: a promote reverted at once).
@Suite("Master follower")
struct MasterFollowerTests {
    static let group = VIPGroupDefinition(name: "app", members: [
        VIPGroupMember(node: "app1", priority: 150, mode: .auto), VIPGroupMember(node: "app2", priority: 100, mode: .auto),
    ])
    static func at(_ millis: Int64) -> Instant { Instant(nanoseconds: 1_000_000_000 + millis * 1_000_000) }
    static func view(app1: ObservedVRRPState, app2: ObservedVRRPState) -> [NodeID: VIPMemberView] {
        ["app1": VIPMemberView(alive: true, checksPassing: true, vrrp: app1, reachable: true),
         "app2": VIPMemberView(alive: true, checksPassing: true, vrrp: app2, reachable: true)]
    }
    static let keepApp1 = VIPDecision(owner: "app1", reason: .kept("app1"))

    @Test func followsAMasterThatHeldTheVIPLongEnoughWhileTheKeptHolderDidNot() {
        var follower = MasterFollower()
        let view = Self.view(app1: .backup, app2: .master)
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(0)) == nil)
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(1_999)) == nil)
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(2_000)) == "app2")
    }

    /// app1 has been MASTER for minutes; a promote grants app2. The count starts at the grant change.
    @Test func neverUndoesAPromote() {
        var follower = MasterFollower()
        let before = Self.view(app1: .master, app2: .backup)
        _ = follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: before, now: Self.at(0))
        let keepApp2 = VIPDecision(owner: "app2", reason: .kept("app2"))
        #expect(follower.follow(keepApp2, holder: "app2", group: Self.group, view: before, now: Self.at(600_000)) == nil)
        #expect(follower.follow(keepApp2, holder: "app2", group: Self.group, view: before, now: Self.at(601_000)) == nil)
    }

    @Test func aPinOrAnExcludedMasterIsNeverFollowed() {
        var follower = MasterFollower()
        let view = Self.view(app1: .backup, app2: .master)
        let pinned = VIPDecision(owner: "app1", reason: .pinned("app1", checksPassing: true))
        _ = follower.follow(pinned, holder: "app1", group: Self.group, view: view, now: Self.at(0))
        #expect(follower.follow(pinned, holder: "app1", group: Self.group, view: view, now: Self.at(5_000)) == nil)
        var other = MasterFollower()
        let excluded = VIPDecision(owner: "app1", reason: .kept("app1"), excluded: ["app2": .checksFailing])
        _ = other.follow(excluded, holder: "app1", group: Self.group, view: view, now: Self.at(0))
        #expect(other.follow(excluded, holder: "app1", group: Self.group, view: view, now: Self.at(5_000)) == nil)
    }

    @Test func aHolderThatIsMasterKeepsItsGrant() {
        var follower = MasterFollower()
        let both = Self.view(app1: .master, app2: .master)
        _ = follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: both, now: Self.at(0))
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: both, now: Self.at(5_000)) == nil)
    }

    /// Issue case 4: app2 froze while it was MASTER (the grant moved to app1 meanwhile); its gossip still
    /// says MASTER while it is dead. When it rejoins, the time it spent dead does not count: the grant is
    /// not pulled back to a node that is about to fence itself.
    @Test func timeSpentDeadOrExcludedDoesNotCount() {
        var follower = MasterFollower()
        var view = Self.view(app1: .backup, app2: .master)
        view["app2"]?.alive = false
        let excluded = VIPDecision(owner: "app1", reason: .kept("app1"), excluded: ["app2": .notAlive])
        for millis in stride(from: Int64(0), through: 5_000, by: 100) {
            #expect(follower.follow(excluded, holder: "app1", group: Self.group, view: view, now: Self.at(millis)) == nil)
        }
        view["app2"]?.alive = true
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(5_100)) == nil)
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(5_200)) == nil)
        // Only a full `after` of fit MASTER time counts, from the rejoin.
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(7_099)) == nil)
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(7_100)) == "app2")
    }

    @Test func anUnhealthyMasterRestartsItsCount() {
        var follower = MasterFollower()
        var view = Self.view(app1: .backup, app2: .master)
        _ = follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(0))
        view["app2"]?.checksPassing = false
        _ = follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(1_000))
        view["app2"]?.checksPassing = true
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(2_500)) == nil)
        #expect(follower.follow(Self.keepApp1, holder: "app1", group: Self.group, view: view, now: Self.at(4_500)) == "app2")
    }
}
