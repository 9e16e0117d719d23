extension Raft {
    /// The state machine as of a committed log index, which replaces every log entry up to that index.
    ///
    /// Snapshots bound the log's size (compaction) and bring a far-behind or fresh follower up to date in one
    /// message (InstallSnapshot) instead of replaying history it can no longer get.
    public struct Snapshot: Hashable, Codable, Sendable {
        public var lastIndex: UInt64
        public var lastTerm: UInt64
        public var state: Machine

        public init(lastIndex: UInt64, lastTerm: UInt64, state: Machine) {
            self.lastIndex = lastIndex
            self.lastTerm = lastTerm
            self.state = state
        }
    }
}
