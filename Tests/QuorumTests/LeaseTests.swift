import Quorum
import Testing

/// Lease grants: taking over needs the coordinator's word; letting go happens by itself.
@Suite("Leases")
struct LeaseTests {
    static let trio: [NodeID] = ["a", "b", "c"]
    /// lease·(1+ρ)/(1−ρ) + margin at the defaults: 300·1.01/0.99 + 20 ≈ 326 ms.
    static let grantWaitMillis: Int64 = 326

    static func setUp() throws -> (TestCluster, leader: NodeID, holder: NodeID, other: NodeID) {
        var cluster = try TestCluster(voters: trio)
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        let followers = trio.filter { $0 != leader }
        return (cluster, leader, followers[0], followers[1])
    }

    @Test("a new coordinator renews no lease before every lease of earlier terms must have expired")
    func newCoordinatorWaits() throws {
        var (cluster, leader, holder, _) = try Self.setUp()
        let elected = try #require(cluster.firstTime(of: "coordinator_elected", on: leader))
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 600)
        let issued = try #require(cluster.firstTime(of: "lease_issued", on: leader))
        #expect(issued.since(elected) >= Self.grantWaitMillis * 1_000_000)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true)
        #expect(cluster.nodes[leader]?.holdsLease(group: "app", now: cluster.now) == false)
    }

    @Test("a holder cut off from the coordinator lets go within one lease, by itself")
    func holderLetsGo() throws {
        var (cluster, leader, holder, _) = try Self.setUp()
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 600)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true)
        cluster.cut = [holder]
        cluster.run(millis: 300)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == false)
    }

    @Test("moving a grant waits out the old holder's lease: never two holders at once")
    func regrantWaits() throws {
        var (cluster, leader, holder, other) = try Self.setUp()
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 600)
        _ = try cluster.propose(.grant(group: "app", node: other), on: leader)
        var sawOther = false
        for _ in 0..<160 {
            cluster.run(millis: 5)
            let first = cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true
            let second = cluster.nodes[other]?.holdsLease(group: "app", now: cluster.now) == true
            #expect(!(first && second))
            sawOther = sawOther || second
        }
        #expect(sawOther)
    }

    @Test("current reads are served only under a live leader lease")
    func leaderLeaseReads() throws {
        var (cluster, leader, _, _) = try Self.setUp()
        #expect(cluster.nodes[leader]?.canServeCurrentRead(now: cluster.now) == true)
        let follower = Self.trio.first { $0 != leader } ?? "b"
        #expect(cluster.nodes[follower]?.canServeCurrentRead(now: cluster.now) == false)
        cluster.cut = [leader]
        cluster.run(millis: 300)
        #expect(cluster.nodes[leader]?.canServeCurrentRead(now: cluster.now) == false)
    }

    @Test("after TimeoutNow the old coordinator renews no lease in its term")
    func transferBlocksLeases() throws {
        var (cluster, leader, holder, other) = try Self.setUp()
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 600)
        cluster.cut = [other]  // the target cannot answer, so the old leader stays leader
        var node = try #require(cluster.nodes[leader])
        cluster.handle(try node.transferLeadership(to: other, now: cluster.now), from: leader)
        cluster.nodes[leader] = node
        cluster.deliver()
        let blockedAt = cluster.now
        cluster.run(millis: 200)
        #expect(cluster.nodes[leader]?.currentRole == .leader)
        #expect(cluster.firstTime(of: "lease_issued", on: leader, after: blockedAt.adding(nanoseconds: 1)) == nil)
        // A transfer that does not complete ends the term; a new coordinator renews leases again.
        cluster.run(millis: 1500)
        #expect(cluster.events.contains { $0.0 == leader && $0.1 == .coordinatorSteppedDown(term: 1, reason: "transfer_timeout") })
        #expect(cluster.leaders.count == 1)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true)
    }

    @Test("a coordinator whose majority went silent stops renewing at its leader lease, before check-quorum")
    func leaderLeaseBoundsRenewals() throws {
        let five: [NodeID] = ["a", "b", "c", "d", "e"]
        // A 100 ms margin leaves a leader lease of 300·0.99/1.01 − 100 ≈ 194 ms, well before the
        // 300 ms check-quorum, so the test can tell the two mechanisms apart.
        var cluster = try TestCluster(voters: five) { $0.driftMargin = .milliseconds(100) }
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        let holder = try #require(five.first { $0 != leader })
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 800)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true)
        let cutAt = cluster.now
        cluster.split([leader, holder], five.filter { $0 != leader && $0 != holder })
        cluster.run(millis: 250)
        #expect(cluster.nodes[leader]?.currentRole == .leader, "still leader: check-quorum has not fired yet")
        let late = cluster.firstTime(of: "lease_issued", on: leader, after: cutAt.adding(nanoseconds: 200_000_000))
        #expect(late == nil)
        cluster.run(millis: 400)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == false)
        #expect(cluster.nodes[leader]?.currentRole != .leader)
    }
}
