import Quorum
import Testing
import SeededRandom

/// Bad input never crashes the core: extreme terms and indices, unknown senders, nonsense entries.
@Suite("Bad input")
struct BadInputTests {
    static func randomMessage(_ rng: inout SplitMix64, now: Instant) -> RaftMessage {
        let extremes: [UInt64] = [0, 1, 2, 3, 7, UInt64.max, UInt64.max - 1, UInt64(Int64.max), (1 << 62) - 1, (1 << 62) - 2]
        func pick() -> UInt64 { rng.next() % 2 == 0 ? extremes[Int(rng.next() % UInt64(extremes.count))] : rng.next() % 20 }
        let instant = Instant(nanoseconds: rng.next() % 2 == 0 ? Int64(bitPattern: rng.next()) : now.nanoseconds)
        let prevIndex = pick()
        let prevTerm = pick()
        let term = pick()
        let chained = rng.next() % 2 == 0
        let entries = (0..<Int(rng.next() % 4)).map { offset in
            chained ? LogEntry(index: prevIndex &+ UInt64(offset) &+ 1, term: max(prevTerm, min(term, prevTerm &+ 1)), command: .noop)
                : LogEntry(index: pick(), term: pick(), command: .noop)
        }
        let snapshot = RaftSnapshot(lastIndex: pick(), lastTerm: pick(), state: FleetState())
        switch rng.next() % 11 {
        case 0: return .preVote(term: pick(), lastLogIndex: pick(), lastLogTerm: pick())
        case 1: return .preVoteResponse(term: pick(), granted: rng.next() % 2 == 0)
        case 2: return .requestVote(term: pick(), lastLogIndex: pick(), lastLogTerm: pick(), transfer: rng.next() % 2 == 0)
        case 3: return .requestVoteResponse(term: pick(), granted: rng.next() % 2 == 0)
        case 4: return .appendEntries(AppendEntriesMessage(term: term, prevLogIndex: prevIndex, prevLogTerm: prevTerm,
                                                           entries: entries, leaderCommit: pick(), sentAt: instant))
        case 5: return .appendEntriesResponse(term: pick(), success: rng.next() % 2 == 0, matchIndex: pick(), echo: instant)
        case 6: return .installSnapshot(term: pick(), snapshot: snapshot, sentAt: instant)
        case 7: return .installSnapshotResponse(term: pick(), lastIndex: pick(), echo: instant)
        case 8: return .timeoutNow(term: pick())
        case 9: return .leaseRequest(group: "app", sentAt: instant, holdingTerm: rng.next() % 2 == 0 ? nil : pick())
        default: return .leaseGrant(term: pick(), group: "app", sentAt: instant,
                                    durationNanoseconds: Int64(bitPattern: rng.next()))
        }
    }

    @Test("thousands of random extreme messages to every node never trap", arguments: [UInt64(1), 2, 3, 4])
    func fuzzMessages(seed: UInt64) throws {
        var cluster = try TestCluster(voters: ["a", "b", "c"])
        cluster.run(millis: 1000)
        var rng = SplitMix64(seed: seed)
        let senders: [NodeID] = ["a", "b", "c", "stranger"]
        for round in 0..<5000 {
            let target: NodeID = ["a", "b", "c"][round % 3]
            let sender = senders[Int(rng.next() % UInt64(senders.count))]
            guard sender != target, var node = cluster.nodes[target] else { continue }
            let message = Self.randomMessage(&rng, now: cluster.now)
            _ = node.onMessage(message, from: sender, now: cluster.now)
            _ = node.onTick(now: cluster.now.adding(nanoseconds: Int64(round) * 1_000_000))
            cluster.nodes[target] = node
        }
        // Still a functioning node afterwards: status is readable and terms stay below the ceiling.
        for id in ["a", "b", "c"] as [NodeID] {
            let status = try #require(cluster.nodes[id]?.status(now: cluster.now))
            #expect(status.term < UInt64.max)
        }
    }
}
