extension Raft {
    /// The leader's replication and heartbeat message.
    ///
    /// `sentAt` is the LEADER's clock when it sent this; the follower echoes it back unchanged, so the leader
    /// can tell how fresh a majority's contact is without comparing clocks of different nodes (docs/quorum-timing.md).
    public struct AppendEntries: Hashable, Codable, Sendable {
        public var term: UInt64
        public var prevLogIndex: UInt64
        public var prevLogTerm: UInt64
        public var entries: [Entry]
        public var leaderCommit: UInt64
        public var sentAt: Instant

        public init(term: UInt64, prevLogIndex: UInt64, prevLogTerm: UInt64, entries: [Entry],
                    leaderCommit: UInt64, sentAt: Instant) {
            self.term = term
            self.prevLogIndex = prevLogIndex
            self.prevLogTerm = prevLogTerm
            self.entries = entries
            self.leaderCommit = leaderCommit
            self.sentAt = sentAt
        }
    }
}
