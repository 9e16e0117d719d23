extension Raft {
    /// One entry of the replicated log: a command stamped with the term of the leader that created it.
    ///
    /// `(index, term)` identifies an entry uniquely across the fleet (Raft's log matching property), which is
    /// what consistency checks, commit and proposal tickets rely on.
    public struct Entry: Hashable, Codable, Sendable {
        public var index: UInt64
        public var term: UInt64
        public var command: Machine.Command

        public init(index: UInt64, term: UInt64, command: Machine.Command) {
            self.index = index
            self.term = term
            self.command = command
        }
    }
}
