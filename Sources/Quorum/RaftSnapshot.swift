/// The fleet state as of a committed log index, which replaces every log entry up to that index.
///
/// Snapshots bound the log's size (compaction) and bring a far-behind or fresh follower up to date in one
/// message (InstallSnapshot) instead of replaying history it can no longer get.
public struct RaftSnapshot: Hashable, Codable, Sendable {
    public var lastIndex: UInt64
    public var lastTerm: UInt64
    public var state: FleetState

    public init(lastIndex: UInt64, lastTerm: UInt64, state: FleetState) {
        self.lastIndex = lastIndex
        self.lastTerm = lastTerm
        self.state = state
    }
}
