@_exported import Consensus

/// The fleet's quorum is generic Raft driving `FleetState`. Importing `Quorum` brings the consensus
/// types too, and these names are the fleet's instances of them, so code above this module speaks of
/// "the" Raft node, log entry and message without repeating the machine.
public typealias RaftNode = Raft<FleetState>
public typealias LogEntry = Raft<FleetState>.Entry
public typealias RaftMessage = Raft<FleetState>.Message
public typealias AppendEntriesMessage = Raft<FleetState>.AppendEntries
public typealias RaftEffect = Raft<FleetState>.Effect
public typealias RaftSnapshot = Raft<FleetState>.Snapshot
public typealias RaftPersistentState = Raft<FleetState>.PersistentState

extension Raft where Machine == FleetState {
    /// The fleet state as of the last applied entry.
    public var fleetState: FleetState { machineState }
}
