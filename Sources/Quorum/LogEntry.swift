/// One entry of the replicated log: a fleet command stamped with the term of the leader that created it.
///
/// `(index, term)` identifies an entry uniquely across the fleet (Raft's log matching property), which is
/// what consistency checks, commit and proposal tickets rely on.
public struct LogEntry: Hashable, Codable, Sendable {
    public var index: UInt64
    public var term: UInt64
    public var command: FleetCommand

    public init(index: UInt64, term: UInt64, command: FleetCommand) {
        self.index = index
        self.term = term
        self.command = command
    }
}
