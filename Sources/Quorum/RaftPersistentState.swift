/// Everything a node recovers from its data directory at start: what `RaftNode.init` needs.
public struct RaftPersistentState: Hashable, Sendable {
    public var hardState: HardState
    public var snapshot: RaftSnapshot?
    public var entries: [LogEntry]

    public init(hardState: HardState = HardState(), snapshot: RaftSnapshot? = nil, entries: [LogEntry] = []) {
        self.hardState = hardState
        self.snapshot = snapshot
        self.entries = entries
    }
}
