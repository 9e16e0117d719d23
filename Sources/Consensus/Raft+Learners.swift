/// Non-voting members (the app and int nodes of a fleet whose db nodes vote) are not listed in the
/// voters' configuration: they come and go with the fleet. The agent tells every node which members
/// exist, so the coordinator replicates the fleet state to them, its heartbeats reach them (their
/// quorum contact), and their lease requests are answered. Learners never count towards a majority,
/// so changing them never changes who can be elected or what is committed.
extension Raft {
    /// Replaces the set of learners with `members` minus the voters. A node that is itself a learner
    /// stays one. On the coordinator, a new learner is sent the log at once.
    public mutating func onLearnersChanged(_ members: Set<NodeID>, now: Instant) -> [Effect] {
        begin(now)
        var learners = members.subtracting(config.voters)
        if config.learners.contains(config.id) { learners.insert(config.id) } else { learners.remove(config.id) }
        guard learners != config.learners else { return finish() }
        let added = learners.subtracting(config.learners).subtracting([config.id])
        let removed = config.learners.subtracting(learners)
        config.learners = learners
        otherMembers = config.voters.union(learners).subtracting([config.id]).sorted()
        if role == .leader {
            for peer in removed { progress[peer] = nil }
            for peer in added.sorted() {
                progress[peer] = PeerProgress(nextIndex: log.lastIndex + 1)
                sendAppend(to: peer)
            }
        }
        return finish()
    }
}
