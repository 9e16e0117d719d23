extension Raft {
    /// Everything a node recovers from its data directory at start: what `Raft.init` needs.
    public struct PersistentState: Hashable, Sendable {
        public var hardState: HardState
        public var snapshot: Snapshot?
        public var entries: [Entry]

        public init(hardState: HardState = HardState(), snapshot: Snapshot? = nil, entries: [Entry] = []) {
            self.hardState = hardState
            self.snapshot = snapshot
            self.entries = entries
        }
    }
}
