import Quorum

/// Mixed versions in the simulator: what a node of another version makes of a message, and the one
/// form in which the invariants compare entries.
extension QuorumSimulator {
    /// `message` as node `index` decodes it: an older node sees the kinds it does not know as
    /// `.unknown`; a node of this version sees every kind it knows as that command, also when an older
    /// node relayed it as `.unknown`.
    func translated(_ message: RaftMessage, for index: Int) -> RaftMessage {
        guard config.olderNodes > 0, case var .appendEntries(append) = message else { return message }
        let known = nodes[index].knownKinds
        append.entries = append.entries.map { entry in
            var seen = entry
            seen.command = known.map { entry.command.downgraded(knowing: $0) } ?? entry.command.resolved()
            return seen
        }
        return .appendEntries(append)
    }

    /// The entry as this version decodes it: two nodes of different versions hold the same entry
    /// when their canonical forms are equal.
    static func canonical(_ entry: LogEntry) -> LogEntry {
        var canonical = entry
        canonical.command = entry.command.resolved()
        return canonical
    }
}
