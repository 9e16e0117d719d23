/// Where a proposed command was placed in the leader's log. The driver keeps it and waits for the
/// `apply` effect at `index`: the command committed if that entry has the ticket's term; if another
/// term's entry was committed there, the proposal was superseded (lost with its leader) and may be retried.
public struct ProposalTicket: Hashable, Codable, Sendable {
    public var index: UInt64
    public var term: UInt64

    public init(index: UInt64, term: UInt64) {
        self.index = index
        self.term = term
    }

    public enum Outcome: Hashable, Sendable {
        case pending
        case committed
        case superseded
        /// The entry at the ticket's index was never seen (it arrived inside a snapshot): ask the leader.
        case unknown
    }

    /// The ticket's fate given an applied entry (entries arrive in index order).
    public func outcome<Machine>(for applied: Raft<Machine>.Entry) -> Outcome {
        if applied.index < index { return .pending }
        if applied.index == index { return applied.term == term ? .committed : .superseded }
        return .unknown
    }
}
