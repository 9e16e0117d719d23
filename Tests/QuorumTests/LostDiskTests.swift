import Quorum
import Testing

/// A node restarted with an empty data directory (a replaced disk, an operator's rm -rf): the coordinator
/// must bring it back up to date, and a wiped voter must not vote until that is safe
/// (docs/quorum-timing.md §5).
@Suite("Lost disks")
struct LostDiskTests {
    static let trio: [NodeID] = ["a", "b", "c"]

    /// A trio with a coordinator and `count` committed proposals, every node up to date.
    static func busyTrio(learners: [NodeID] = [], count: Int, snapshotThreshold: UInt64 = 1000) throws -> (TestCluster, NodeID) {
        var cluster = try TestCluster(voters: trio, learners: learners) { $0.snapshotThreshold = snapshotThreshold }
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        for version in 1...count { _ = try cluster.propose(.setConfigVersion(version: UInt64(version)), on: leader) }
        cluster.run(millis: 200)
        for id in cluster.order { try #require(cluster.nodes[id]?.committedIndex == cluster.nodes[leader]?.committedIndex) }
        return (cluster, leader)
    }

    /// Replaces `id` by a node started from empty storage, as after a wiped data directory.
    static func wipe(_ id: NodeID, in cluster: inout TestCluster, learners: [NodeID] = [], seed: UInt64 = 77) throws {
        var config = RaftConfig(id: id, voters: Set(trio), learners: Set(learners))
        config.snapshotThreshold = cluster.nodes[id]?.config.snapshotThreshold ?? config.snapshotThreshold
        cluster.nodes[id] = try RaftNode(config: config, persisted: RaftPersistentState(), now: cluster.now, seed: seed)
    }

    /// Runs heartbeat intervals until `id`'s commit index equals the leader's; returns how many it took.
    static func heartbeatsToCatchUp(_ id: NodeID, leader: NodeID, in cluster: inout TestCluster, limit: Int) -> Int? {
        for beat in 1...limit {
            cluster.run(millis: 50)
            if let node = cluster.nodes[id], node.committedIndex == cluster.nodes[leader]?.committedIndex,
               node.fleetState == cluster.nodes[leader]?.fleetState {
                return beat
            }
        }
        return nil
    }

    @Test("a wiped follower catches up within a few heartbeats, from the log or from the snapshot",
          arguments: [1000, 5] as [UInt64])
    func wipedVoterCatchesUp(snapshotThreshold: UInt64) throws {
        var (cluster, leader) = try Self.busyTrio(count: 12, snapshotThreshold: snapshotThreshold)
        let follower = try #require(Self.trio.first { $0 != leader })
        try Self.wipe(follower, in: &cluster)
        #expect(cluster.nodes[follower]?.isRecoveringLostState == true)
        let beats = Self.heartbeatsToCatchUp(follower, leader: leader, in: &cluster, limit: 6)
        #expect(beats != nil, "commit \(cluster.nodes[follower]?.committedIndex ?? 0) vs \(cluster.nodes[leader]?.committedIndex ?? 0)")
        #expect(cluster.nodes[follower]?.isRecoveringLostState == false)
        // The coordinator's view of it is right again: new entries count its acknowledgement.
        let match = cluster.nodes[leader]?.status(now: cluster.now).peers.first { $0.id == follower }?.matchIndex
        #expect(match == cluster.nodes[leader]?.status(now: cluster.now).lastLogIndex)
    }

    @Test("a wiped learner catches up within a few heartbeats")
    func wipedLearnerCatchesUp() throws {
        var (cluster, leader) = try Self.busyTrio(learners: ["l"], count: 12)
        try Self.wipe("l", in: &cluster, learners: ["l"])
        #expect(cluster.nodes["l"]?.committedIndex == 0)
        #expect(Self.heartbeatsToCatchUp("l", leader: leader, in: &cluster, limit: 6) != nil)
        #expect(cluster.nodes["l"]?.currentRole == .learner)
    }

    @Test("a delayed refusal from before the follower's last acknowledgement does not reset its progress")
    func staleRefusalIgnored() throws {
        let (cluster, leader) = try Self.busyTrio(count: 3)
        let follower = try #require(Self.trio.first { $0 != leader })
        var node = try #require(cluster.nodes[leader])
        let term = node.currentTerm
        func match(_ node: RaftNode) -> UInt64? {
            node.status(now: cluster.now).peers.first { $0.id == follower }?.matchIndex
        }
        let before = try #require(match(node))
        #expect(before > 0)
        // Sent (by the coordinator's clock) long before the follower's latest acknowledgement.
        let stale = cluster.now.adding(nanoseconds: -500_000_000)
        _ = node.onMessage(.appendEntriesResponse(term: term, success: false, matchIndex: 0, echo: stale),
                           from: follower, now: cluster.now)
        #expect(match(node) == before)
        // A refusal of a message sent after that acknowledgement means the log is gone.
        _ = node.onMessage(.appendEntriesResponse(term: term, success: false, matchIndex: 0, echo: cluster.now),
                           from: follower, now: cluster.now)
        #expect(match(node) == 0)
        #expect(node.committedIndex == cluster.nodes[leader]?.committedIndex, "the commit index never goes back")
    }

    @Test("a wiped voter refuses votes for a candidate with a log until it caught up, then votes only in newer terms")
    func wipedVoterRefusesVotes() throws {
        var (cluster, leader) = try Self.busyTrio(count: 5)
        let follower = try #require(Self.trio.first { $0 != leader })
        let candidate = try #require(Self.trio.first { $0 != leader && $0 != follower })
        let term = try #require(cluster.nodes[leader]?.currentTerm)
        let lastIndex = try #require(cluster.nodes[candidate]?.logEntries.last?.index)
        try Self.wipe(follower, in: &cluster)
        // Past the vote lease after start, nothing heard from the coordinator: a normal empty node would vote.
        let later = cluster.now.adding(nanoseconds: 400_000_000)
        var wiped = try #require(cluster.nodes[follower])
        let preVote = wiped.onMessage(.preVote(term: term + 1, lastLogIndex: lastIndex, lastLogTerm: term),
                                      from: candidate, now: later)
        #expect(preVote.contains(.send(to: candidate, message: .preVoteResponse(term: 0, granted: false))))
        let vote = wiped.onMessage(.requestVote(term: term + 1, lastLogIndex: lastIndex, lastLogTerm: term, transfer: false),
                                   from: candidate, now: later)
        #expect(vote.contains(.send(to: candidate, message: .requestVoteResponse(term: term + 1, granted: false))))
        #expect(!vote.contains { if case .persistHardState = $0 { true } else { false } }, "nothing durable while recovering")
        #expect(wiped.isRecoveringLostState)

        // Caught up with the coordinator, it votes again — but only in a term above every term it has seen.
        try Self.wipe(follower, in: &cluster)
        _ = Self.heartbeatsToCatchUp(follower, leader: leader, in: &cluster, limit: 6)
        var recovered = try #require(cluster.nodes[follower])
        #expect(!recovered.isRecoveringLostState)
        #expect(recovered.persistentHardState.term == term)
        let quiet = cluster.now.adding(nanoseconds: 400_000_000)
        var copy = recovered
        let sameTerm = copy.onMessage(.requestVote(term: term, lastLogIndex: lastIndex + 10, lastLogTerm: term, transfer: false),
                                      from: candidate, now: quiet)
        #expect(sameTerm.contains(.send(to: candidate, message: .requestVoteResponse(term: term, granted: false))))
        let newer = recovered.onMessage(.requestVote(term: term + 1, lastLogIndex: lastIndex + 10, lastLogTerm: term, transfer: false),
                                        from: candidate, now: quiet)
        #expect(newer.contains(.send(to: candidate, message: .requestVoteResponse(term: term + 1, granted: true))))
    }

    @Test("a brand-new fleet (every node starts from empty storage) still elects a coordinator")
    func freshFleetElects() throws {
        var cluster = try TestCluster(voters: Self.trio)
        #expect(Self.trio.allSatisfy { cluster.nodes[$0]?.isRecoveringLostState == true })
        cluster.run(millis: 1000)
        #expect(cluster.leaders.count == 1)
        #expect(Self.trio.allSatisfy { cluster.nodes[$0]?.isRecoveringLostState == false })
        #expect(Self.trio.allSatisfy { cluster.nodes[$0]?.committedIndex == 1 })
    }

    /// Three voters, the coordinator gone before the wiped voter heard from it: the wiped voter cannot know
    /// that the remaining voter holds every entry it helped commit (it needs the logs of a majority of the
    /// OTHER voters), so nobody is elected until the coordinator is back. Availability is traded for safety.
    @Test("a wiped voter does not help elect a coordinator it cannot check; once the fleet is whole it catches up")
    func noElectionWithoutEvidence() throws {
        var (cluster, leader) = try Self.busyTrio(count: 5)
        let committed = try #require(cluster.nodes[leader]?.committedIndex)
        let follower = try #require(Self.trio.first { $0 != leader })
        try Self.wipe(follower, in: &cluster)
        cluster.cut = [leader]
        cluster.run(millis: 3000)
        #expect(cluster.leaders.allSatisfy { $0 == leader }, "elected without the wiped voter's evidence")
        cluster.cut = []
        cluster.run(millis: 3000)
        let current = try #require(cluster.leaders.first)
        #expect(cluster.leaders.count == 1)
        #expect((cluster.nodes[current]?.committedIndex ?? 0) >= committed)
        #expect(cluster.nodes[follower]?.committedIndex == cluster.nodes[current]?.committedIndex)
        #expect(cluster.nodes[follower]?.isRecoveringLostState == false)
    }

    /// Five voters, the coordinator gone: the wiped voter hears the other three campaign, so it can check
    /// that a candidate's log is at least as complete as a majority of the others' and vote again.
    @Test("with five voters, a successor holding every committed entry is elected and the wiped voter catches up")
    func electionAmongFive() throws {
        let five: [NodeID] = ["a", "b", "c", "d", "e"]
        var cluster = try TestCluster(voters: five)
        cluster.run(millis: 1000)
        let leader = try #require(cluster.leaders.first)
        for version in 1...5 { _ = try cluster.propose(.setConfigVersion(version: UInt64(version)), on: leader) }
        cluster.run(millis: 200)
        let committed = try #require(cluster.nodes[leader]?.committedIndex)
        let others = five.filter { $0 != leader }
        let wiped = others[0]
        cluster.nodes[wiped] = try RaftNode(config: RaftConfig(id: wiped, voters: Set(five)),
                                            persisted: RaftPersistentState(), now: cluster.now, seed: 5)
        cluster.cut = [leader]
        cluster.run(millis: 4000)
        let successor = try #require(cluster.leaders.first { $0 != leader })
        #expect(successor != wiped, "the wiped voter's log lacks the committed entries")
        #expect((cluster.nodes[successor]?.committedIndex ?? 0) > committed)
        #expect(cluster.nodes[successor]?.fleetState.configVersion == 5)
        #expect(cluster.nodes[wiped]?.committedIndex == cluster.nodes[successor]?.committedIndex)
        #expect(cluster.nodes[wiped]?.isRecoveringLostState == false)
    }
}
