import Events
import Operations

/// A change to the replicated fleet state. Commands are log entries: they are applied in log order on
/// every node, so applying must be deterministic (no clocks, no randomness, no I/O).
///
/// Codable with a stable shape, because a serial update runs old and new agent versions side by side:
/// `{"<kind>": {<fields>}}`, the shape Swift synthesizes, written out in `FleetCommand+Coding` so that
/// a kind this version does not know decodes as `unknown` instead of failing (see `UnknownCommand`).
/// A new kind needs a `FleetFeature`, so that the coordinator proposes it only once every voter knows it.
public enum FleetCommand: Hashable, Sendable {
    /// Appended by every new leader: committing an entry of its own term is what tells it that it knows
    /// every earlier committed entry (Raft §5.4.2, §8).
    case noop
    /// Sets a VIP group member's mode (e.g. `active`, `passive`, `maintenance`).
    case setVIPMode(group: String, node: NodeID, mode: String)
    /// An operator pin: the group must be owned by `node` while healthy.
    case pin(group: String, node: NodeID)
    /// Removes the operator pin of a group.
    case unpin(group: String)
    /// Grants ownership of a group to `node`. Only the holder's LEASE (see docs/quorum-timing.md) makes it eligible.
    /// `planned` says the previous holder was still fit to hold it (pin, promote): a handover, in which
    /// the new holder raises itself before the old one lets go. Optional, so entries written without it
    /// (and agents that do not know it) still decode.
    case grant(group: String, node: NodeID, planned: Bool? = nil)
    /// Withdraws the grant of a group: nobody owns it until a later `grant`.
    case revoke(group: String)
    /// Records the progress of one step of a fleet operation, so a new coordinator can resume it.
    case recordOperationStep(operation: String, step: Int, node: NodeID, status: String)
    /// Starts a fleet operation: the rollout as planned when the operator ran it.
    case startOperation(id: String, rollout: Rollout, admin: String)
    /// One fact about a running operation, committed before the conductor acts on it.
    case recordOperation(id: String, record: OperationRecord)
    /// Drops ended operations (finished or cancelled) from the state, oldest first, so that years of
    /// `exec` and updates do not grow every node's memory and snapshot without bound. An operation
    /// that has not ended is never dropped, whatever the command says.
    case forgetOperations(ids: [String])
    /// Stores an operator's change to an event policy (`nodeagent events policy set`), merged into what
    /// was set before. Validated against the catalogue before it is proposed; applied as given.
    case setEventPolicy(name: String, setting: EventPolicySetting)
    /// Records the configuration version the fleet has agreed on.
    case setConfigVersion(version: UInt64)
    /// A command written by a newer version: kept and replicated as it came, applied as a no-op.
    case unknown(UnknownCommand)
}
