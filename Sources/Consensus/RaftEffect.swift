extension Raft {
    /// What the core asks its driver to do, in order.
    ///
    /// ## The driver contract
    /// Perform the effects of one call IN THE ORDER GIVEN. A `send` must not leave the node before every
    /// persist effect that precedes it in the list is durable (written and fsynced): a vote or an
    /// acknowledgement of entries is a promise that survives a crash. A driver may batch — perform all the
    /// persists of a list, fsync once, then the sends — as long as it never reorders a send before a persist.
    /// `apply`, `restoreSnapshot` and `event` are notifications; the core has already applied the entry to
    /// its own copy of the state machine.
    public enum Effect: Hashable, Sendable {
        /// Write term and vote durably.
        case persistHardState(HardState)
        /// Drop every stored entry with index >= `truncateFrom` (if given), then append `entries`, durably.
        case persistEntries(truncateFrom: UInt64?, entries: [Entry])
        /// Store the snapshot durably, then drop every stored entry with index <= its `lastIndex`.
        case persistSnapshot(Snapshot)
        case send(to: NodeID, message: Message)
        /// A committed entry was applied; resolve proposal tickets with `ProposalTicket.outcome(for:)`.
        case apply(Entry)
        /// The state machine was replaced by a snapshot from the leader.
        case restoreSnapshot(Snapshot)
        case event(RaftEvent)

        /// Whether the driver must make this effect durable before any later send.
        public var isPersist: Bool {
            switch self {
            case .persistHardState, .persistEntries, .persistSnapshot: true
            case .send, .apply, .restoreSnapshot, .event: false
            }
        }
    }
}
