import Quorum

/// One simulated node: its Raft core while alive, the storage that survives a crash, and its clock.
struct SimNode {
    var id: NodeID
    var raft: RaftNode?
    /// Only what persist effects made durable before a crash.
    var durable = RaftPersistentState()
    /// Local clock = offset + rate × true time (nanoseconds).
    var clockRate: Double
    var clockOffset: Int64
    /// Bumped on every crash, so messages addressed to an earlier incarnation are dropped.
    var epoch = 0
    var lastApplied: UInt64 = 0
    /// True time (ns) until which the process is paused and handles nothing.
    var pausedUntil: Int64 = 0
    /// Down with a wiped data directory: the next boot starts from empty storage.
    var diskLost = false
    /// After a boot from a wiped disk: since when (true ns) it has been catching up, and the commit
    /// index it must reach (the highest any node had committed when it came back).
    var catchUp: (since: Int64, target: UInt64)?
    /// For an older version: the command kinds it knows (nil: this version, all of them).
    var knownKinds: Set<String>?

    func localTime(trueNanos: Int64) -> Instant {
        Instant(nanoseconds: clockOffset &+ Int64(Double(trueNanos) * clockRate))
    }

    /// Performs one persist effect on the simulated durable storage.
    mutating func persist(_ effect: RaftEffect) {
        switch effect {
        case let .persistHardState(hard):
            durable.hardState = hard
        case let .persistEntries(truncateFrom, entries):
            if let from = truncateFrom { durable.entries.removeAll { $0.index >= from } }
            durable.entries.append(contentsOf: entries)
        case let .persistSnapshot(snapshot):
            durable.snapshot = snapshot
            durable.entries.removeAll { $0.index <= snapshot.lastIndex }
        default:
            break
        }
    }
}
