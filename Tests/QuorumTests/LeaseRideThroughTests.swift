import Quorum
import QuorumSim
import Testing

/// A coordinator change must not cost the VIP: with leases longer than an election, the new coordinator
/// renews the holder the fleet state names as soon as the holder proves it still holds a valid lease —
/// and only then; a holder whose lease ran out still waits out every earlier lease.
@Suite("Lease ride-through")
struct LeaseRideThroughTests {
    static let trio: [NodeID] = ["a", "b", "c"]

    /// A settled cluster of three voters with `leaseMillis` leases, the group granted to a follower.
    static func settled(leaseMillis: Int64) throws -> (TestCluster, leader: NodeID, holder: NodeID) {
        var cluster = try TestCluster(voters: trio) { $0.leaseDuration = .milliseconds(leaseMillis) }
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        let holder = try #require(trio.first { $0 != leader })
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 2000)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true)
        return (cluster, leader, holder)
    }

    @Test("the holder's lease never lapses while a new coordinator is elected (lease 1200 ms)")
    func holderRidesOutACoordinatorCrash() throws {
        var (cluster, leader, holder) = try Self.settled(leaseMillis: 1200)
        cluster.cut = [leader]
        var lapses = 0
        for _ in 0..<600 {
            cluster.run(millis: 5)
            if cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) != true { lapses += 1 }
        }
        let successor = try #require(cluster.leaders.first { $0 != leader })
        #expect(successor != leader)
        #expect(lapses == 0, "the holder was without a lease for \(lapses * 5) ms across the coordinator change")
        // The renewal came from the new coordinator, before its grant wait had passed.
        let elected = try #require(cluster.firstTime(of: "coordinator_elected", on: successor))
        let renewed = try #require(cluster.firstTime(of: "lease_issued", on: successor))
        var longer = RaftConfig(id: successor, voters: Set(Self.trio))
        longer.leaseDuration = .milliseconds(1200)
        #expect(renewed.since(elected) < longer.grantWaitNanos)
    }

    @Test("a holder whose lease ran out during the election waits the new coordinator's full grant wait")
    func expiredHolderWaits() throws {
        var (cluster, leader, holder) = try Self.settled(leaseMillis: 300)
        cluster.cut = [leader]
        cluster.run(millis: 3000)
        let successor = try #require(cluster.leaders.first { $0 != leader })
        let elected = try #require(cluster.firstTime(of: "coordinator_elected", on: successor))
        let renewed = try #require(cluster.firstTime(of: "lease_issued", on: successor))
        #expect(renewed.since(elected) >= RaftConfig(id: successor, voters: Set(Self.trio)).grantWaitNanos)
        #expect(cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true)
    }

    @Test("only a claim of this term counts: a request naming an older term waits like any other")
    func staleTermClaimWaits() throws {
        let five: [NodeID] = ["a", "b", "c", "d", "e"]
        var cluster = try TestCluster(voters: five) { $0.leaseDuration = .milliseconds(1200) }
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        let holder = try #require(five.first { $0 != leader })
        _ = try cluster.propose(.grant(group: "app", node: holder), on: leader)
        cluster.run(millis: 2000)
        // The old coordinator dies and the holder's link to the rest is cut, so its own requests stay out.
        cluster.cut = [leader]
        cluster.split([holder], five.filter { $0 != holder })
        cluster.run(millis: 900)  // elected well inside its 1245 ms grant wait
        let successor = try #require(cluster.leaders.first { $0 != leader })
        var node = try #require(cluster.nodes[successor])
        let term = node.currentTerm
        // Requests as the holder would send them (it is cut off, so they are handed in here).
        let stale = node.onMessage(.leaseRequest(group: "app", sentAt: cluster.now, holdingTerm: term - 1), from: holder, now: cluster.now)
        cluster.handle(stale, from: successor)
        #expect(cluster.firstTime(of: "lease_issued", on: successor) == nil)
        let current = node.onMessage(.leaseRequest(group: "app", sentAt: cluster.now, holdingTerm: term), from: holder, now: cluster.now)
        cluster.handle(current, from: successor)
        cluster.nodes[successor] = node
        #expect(cluster.firstTime(of: "lease_issued", on: successor) != nil)
    }

    @Test("the coordinator knows, as a fact, when a holder it renewed stopped renewing for longer than a lease can last")
    func lapsedHolderIsAFact() throws {
        var (cluster, leader, holder) = try Self.settled(leaseMillis: 1200)
        var config = RaftConfig(id: leader, voters: Set(Self.trio))
        config.leaseDuration = .milliseconds(1200)
        let wait = config.grantWaitNanos
        #expect(cluster.nodes[leader]?.holderLeaseLapsed(group: "app", now: cluster.now) == false)
        cluster.split([holder], Self.trio.filter { $0 != holder })
        let cutAt = cluster.now
        var lapsedAt: Instant?
        for _ in 0..<400 {
            cluster.run(millis: 5)
            if lapsedAt == nil, cluster.nodes[leader]?.holderLeaseLapsed(group: "app", now: cluster.now) == true { lapsedAt = cluster.now }
            // Never while the holder may still hold its lease.
            if cluster.nodes[holder]?.holdsLease(group: "app", now: cluster.now) == true {
                #expect(cluster.nodes[leader]?.holderLeaseLapsed(group: "app", now: cluster.now) == false)
            }
        }
        let lapsed = try #require(lapsedAt)
        #expect(lapsed.since(cutAt) >= wait - 60_000_000 && lapsed.since(cutAt) <= wait + 60_000_000)
        // A holder granted but never renewed yet is not judged by this rule.
        var fresh = try TestCluster(voters: Self.trio) { $0.leaseDuration = .milliseconds(1200) }
        fresh.run(millis: 1000)
        let coordinator = try #require(fresh.leaders.first)
        let other = try #require(Self.trio.first { $0 != coordinator })
        fresh.cut = [other]
        _ = try fresh.propose(.grant(group: "app", node: other), on: coordinator)
        fresh.run(millis: 3000)
        #expect(fresh.nodes[coordinator]?.holderLeaseLapsed(group: "app", now: fresh.now) == false)
    }

    @Test("simulated: one valid lease per group in true time with leases longer than elections", arguments: 0..<4)
    func simulatedLongLeases(batch: Int) {
        var leases = 0
        for offset in 0..<48 {
            var config = SimulationConfig(seed: 90_000 + UInt64(batch * 48 + offset))
            config.leaseMillis = 1200
            let result = QuorumSimulator(config: config).run()
            #expect(result.violations.isEmpty, "\(result)")
            leases += result.leasesIssued
        }
        #expect(leases >= 16, "the runs must exercise leases")
    }
}
