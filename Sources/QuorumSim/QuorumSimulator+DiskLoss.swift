import Quorum

/// The "disk lost" fault: a node crashes and comes back with an empty data directory (a replaced disk,
/// an operator's rm -rf). The simulator's invariants (one leader per term, committed entries never lost
/// or changed, every node applies a prefix of one history) must hold through it, and the wiped node must
/// catch up: its commit index must reach the highest commit index any node had when it came back.
///
/// Only one voter at a time is wiped and not yet caught up: no rule can keep an entry committed on a
/// majority whose disks are all gone at once. A voter is wiped only once every other voter has stored
/// an entry (the fleet is past its bootstrap). Learners do not vote and are wiped independently.
extension QuorumSimulator {
    func injectDiskLoss() {
        let index = Int(rng.next() % UInt64(nodes.count))
        guard nodes[index].raft != nil else { return }
        if voters.contains(nodes[index].id) {
            let busy = nodes.contains { voters.contains($0.id) && ($0.diskLost || $0.catchUp != nil) }
            // The brand-new exception's documented risk (docs/quorum-timing.md §5) needs voters that never
            // stored an entry: a fleet still in that state is not one whose disk failure we simulate.
            let bootstrapping = nodes.contains { node in
                voters.contains(node.id) && node.id != nodes[index].id && node.durable.entries.isEmpty
                    && node.durable.snapshot == nil
            }
            guard !busy, !bootstrapping else { return }
        }
        crash(index)
        nodes[index].durable = RaftPersistentState()
        nodes[index].diskLost = true
        result.diskLosses += 1
    }

    /// Called by `boot`: a wiped node starts catching up now; one that crashed while catching up
    /// starts again from this boot, towards the same target.
    func noteBootAfterDiskLoss(_ index: Int) {
        if nodes[index].diskLost {
            nodes[index].diskLost = false
            if nodes[index].catchUp == nil { result.catchUpsPending += 1 } else { result.catchUpsInterrupted += 1 }
            nodes[index].catchUp = (trueNow, UInt64(history.count))
        } else if let catchUp = nodes[index].catchUp {
            nodes[index].catchUp = (trueNow, catchUp.target)
            result.catchUpsInterrupted += 1
        }
    }

    /// Records the wiped nodes that have caught up: commit index at the target and, for a voter, no
    /// longer recovering (it votes again). Times count from the restart, or from the heal if later.
    func noteCatchUps() {
        for index in nodes.indices {
            guard let catchUp = nodes[index].catchUp, let raft = nodes[index].raft,
                  raft.committedIndex >= catchUp.target, !raft.isRecoveringLostState else { continue }
            let from = max(catchUp.since, (config.healAfterMillis ?? 0) * 1_000_000)
            result.catchUpMillis.append(max(0, trueNow - from) / 1_000_000)
            result.catchUpsPending -= 1
            nodes[index].catchUp = nil
        }
    }
}
