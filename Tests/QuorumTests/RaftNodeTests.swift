import Quorum
import Testing

/// Scenario tests of the Raft core's behaviour, one mechanism at a time.
@Suite("RaftNode")
struct RaftNodeTests {
    static let trio: [NodeID] = ["a", "b", "c"]

    static func electedTrio() throws -> (TestCluster, NodeID) {
        var cluster = try TestCluster(voters: trio)
        cluster.run(millis: 1000)
        let leaders = cluster.leaders
        #expect(leaders.count == 1)
        return (cluster, leaders.first ?? "a")
    }

    @Test("three voters elect exactly one coordinator that every node follows")
    func electsOneLeader() throws {
        let (cluster, leader) = try Self.electedTrio()
        for id in Self.trio {
            #expect(cluster.nodes[id]?.currentLeader == leader)
            #expect(cluster.nodes[id]?.currentTerm == cluster.nodes[leader]?.currentTerm)
        }
        #expect(cluster.eventNames(of: leader).contains("election_started"))
        #expect(cluster.eventNames(of: leader).contains("coordinator_elected"))
        // The new leader's no-op is committed everywhere.
        #expect(Self.trio.allSatisfy { cluster.nodes[$0]?.committedIndex == 1 })
    }

    @Test("a proposal commits on a majority, is applied in order and resolves its ticket")
    func proposalCommits() throws {
        var (cluster, leader) = try Self.electedTrio()
        let ticket = try cluster.propose(.pin(group: "app", node: "b"), on: leader)
        cluster.run(millis: 100)
        for id in Self.trio {
            #expect(cluster.nodes[id]?.fleetState.pins["app"] == "b")
            let entry = cluster.applied[id]?.first { $0.index == ticket.index }
            #expect(entry.map { ticket.outcome(for: $0) } == .committed)
        }
        let follower = Self.trio.first { $0 != leader } ?? "b"
        #expect(throws: RaftError.notLeader(leader: leader)) {
            _ = try cluster.propose(.unpin(group: "app"), on: follower)
        }
    }

    @Test("a ticket whose entry lost to another term's entry is superseded")
    func ticketSuperseded() {
        let ticket = ProposalTicket(index: 5, term: 2)
        let other = LogEntry(index: 5, term: 3, command: .noop)
        #expect(ticket.outcome(for: other) == .superseded)
        #expect(ticket.outcome(for: LogEntry(index: 4, term: 2, command: .noop)) == .pending)
    }

    @Test("pre-vote: an isolated follower does not inflate its term and cannot depose the leader")
    func preVoteKeepsTerms() throws {
        var (cluster, leader) = try Self.electedTrio()
        let term = cluster.nodes[leader]?.currentTerm
        let loner = Self.trio.first { $0 != leader } ?? "b"
        cluster.cut = [loner]
        cluster.run(millis: 3000)
        #expect(cluster.nodes[loner]?.currentTerm == term)
        cluster.cut = []
        cluster.run(millis: 1000)
        #expect(cluster.leaders == [leader])
        #expect(cluster.nodes[leader]?.currentTerm == term)
    }

    @Test("check-quorum: a coordinator cut off from the majority steps down within an election timeout")
    func checkQuorumStepsDown() throws {
        var (cluster, leader) = try Self.electedTrio()
        cluster.cut = [leader]
        cluster.run(millis: 700)
        #expect(cluster.nodes[leader]?.currentRole != .leader)
        #expect(cluster.eventNames(of: leader).contains("coordinator_stepped_down"))
        #expect(cluster.eventNames(of: leader).contains("quorum_lost"))
        // The majority side elected a new coordinator in a higher term.
        #expect(cluster.leaders.count == 1)
        #expect(cluster.leaders.first != leader)
        cluster.cut = []
        cluster.run(millis: 500)
        #expect(cluster.eventNames(of: leader).contains("quorum_regained"))
    }

    @Test("a voter that just heard from the coordinator ignores a higher-term vote request")
    func voteLease() throws {
        let (cluster, leader) = try Self.electedTrio()
        let follower = Self.trio.first { $0 != leader } ?? "b"
        let rogue = Self.trio.first { $0 != leader && $0 != follower } ?? "c"
        let term = cluster.nodes[follower]?.currentTerm ?? 0
        var node = try #require(cluster.nodes[follower])
        let effects = node.onMessage(.requestVote(term: term + 5, lastLogIndex: 100, lastLogTerm: term + 4, transfer: false),
                                     from: rogue, now: cluster.now)
        #expect(effects.isEmpty)
        #expect(node.currentTerm == term)
    }

    @Test("leadership transfer hands the coordinator role to the chosen voter")
    func transfer() throws {
        var (cluster, leader) = try Self.electedTrio()
        let target = Self.trio.first { $0 != leader } ?? "b"
        var node = try #require(cluster.nodes[leader])
        let effects = try node.transferLeadership(to: target, now: cluster.now)
        cluster.nodes[leader] = node
        cluster.handle(effects, from: leader)
        cluster.deliver()
        cluster.run(millis: 50)
        #expect(cluster.leaders == [target])
        #expect(cluster.nodes[leader]?.currentLeader == target)
        var old = try #require(cluster.nodes[leader])
        #expect(throws: RaftError.notLeader(leader: target)) { _ = try old.transferLeadership(to: "a", now: cluster.now) }
        var fresh = try #require(cluster.nodes[target])
        #expect(throws: RaftError.unknownVoter("zz")) { _ = try fresh.transferLeadership(to: "zz", now: cluster.now) }
    }

    @Test("a follower that missed compacted entries catches up through InstallSnapshot")
    func snapshotCatchUp() throws {
        var cluster = try TestCluster(voters: Self.trio) { $0.snapshotThreshold = 5 }
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        let laggard = Self.trio.first { $0 != leader } ?? "b"
        cluster.cut = [laggard]
        for version in 1...20 { _ = try cluster.propose(.setConfigVersion(version: UInt64(version)), on: leader) }
        cluster.run(millis: 100)
        #expect((cluster.nodes[leader]?.snapshot?.lastIndex ?? 0) >= 5)
        cluster.cut = []
        cluster.run(millis: 300)
        #expect(cluster.nodes[laggard]?.fleetState.configVersion == 20)
        #expect(cluster.nodes[laggard]?.fleetState == cluster.nodes[leader]?.fleetState)
    }

    @Test("a learner follows the log but never votes or campaigns")
    func learner() throws {
        var cluster = try TestCluster(voters: Self.trio, learners: ["l"])
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        _ = try cluster.propose(.setConfigVersion(version: 9), on: leader)
        cluster.run(millis: 100)
        #expect(cluster.nodes["l"]?.fleetState.configVersion == 9)
        #expect(cluster.nodes["l"]?.currentRole == .learner)
        cluster.cut = Set(Self.trio)
        cluster.run(millis: 2000)
        #expect(cluster.nodes["l"]?.currentRole == .learner)
        #expect(cluster.eventNames(of: "l").contains("election_started") == false)
    }

    /// The voters' configuration lists no learners: the agent tells each node which members it is
    /// connected to. A learner the coordinator was told about late still receives the whole log and
    /// heartbeats (its quorum contact), and gets leases; a learner that was never announced gets nothing.
    @Test("learners announced at run time follow the log and get leases; unannounced ones do not")
    func learnersAnnouncedAtRunTime() throws {
        var cluster = try TestCluster(voters: Self.trio)
        var learner = try RaftNode(config: RaftConfig(id: "app1", voters: Set(Self.trio), learners: ["app1"]),
                                   persisted: RaftPersistentState(), now: cluster.now, seed: 99)
        cluster.nodes["app1"] = learner
        cluster.order.append("app1")
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        _ = try cluster.propose(.grant(group: "app", node: "app1"), on: leader)
        cluster.run(millis: 500)
        #expect(cluster.nodes["app1"]?.fleetState.grants["app"] == nil, "an unannounced learner got the log")
        #expect(cluster.nodes["app1"]?.holdsLease(group: "app", now: cluster.now) == false)

        for id in Self.trio {
            var node = try #require(cluster.nodes[id])
            let effects = node.onLearnersChanged(Set(Self.trio + ["app1"]), now: cluster.now)
            cluster.nodes[id] = node
            cluster.handle(effects, from: id)
        }
        cluster.deliver()
        cluster.run(millis: 500)
        learner = try #require(cluster.nodes["app1"])
        #expect(learner.fleetState.grants["app"]?.node == "app1")
        #expect(learner.holdsLease(group: "app", now: cluster.now))
        #expect(learner.currentRole == .learner)
        #expect(learner.status(now: cluster.now).lastLeaderContact.map { cluster.now.since($0) < 100_000_000 } == true)
        #expect(cluster.nodes[leader]?.config.voters == Set(Self.trio), "announcing learners changed the voters")
    }

    @Test("messages from strangers and nonsense lease grants change nothing")
    func badInput() throws {
        let (cluster, leader) = try Self.electedTrio()
        var node = try #require(cluster.nodes[leader])
        let before = node.status(now: cluster.now)
        #expect(node.onMessage(.timeoutNow(term: 99), from: "stranger", now: cluster.now).isEmpty)
        _ = node.onMessage(.leaseGrant(term: 1, group: "app", sentAt: cluster.now.adding(nanoseconds: 1_000_000_000_000),
                                       durationNanoseconds: Int64.max), from: "b", now: cluster.now)
        _ = node.onMessage(.leaseGrant(term: 1, group: "app", sentAt: cluster.now, durationNanoseconds: -5),
                           from: "b", now: cluster.now)
        #expect(node.holdsLease(group: "app", now: cluster.now) == false)
        #expect(node.status(now: cluster.now) == before)
    }

    @Test("invalid configurations are refused with a reason")
    func invalidConfig() {
        #expect(throws: RaftError.self) { try RaftConfig(id: "a", voters: []).validate() }
        #expect(throws: RaftError.self) { try RaftConfig(id: "x", voters: ["a"]).validate() }
        var config = RaftConfig(id: "a", voters: ["a"])
        config.electionTimeoutMax = .milliseconds(100)
        #expect(throws: RaftError.self) { try config.validate() }
        #expect(RaftError.invalidConfig("no voters").description.contains("no voters"))
    }

    @Test("status shows role, term, leader and per-voter match index")
    func status() throws {
        let (cluster, leader) = try Self.electedTrio()
        let status = try #require(cluster.nodes[leader]?.status(now: cluster.now))
        #expect(status.role == .leader)
        #expect(status.leader == leader)
        #expect(status.peers.count == 2)
        #expect(status.peers.allSatisfy { $0.matchIndex == status.lastLogIndex && $0.lastContact != nil })
    }
}
