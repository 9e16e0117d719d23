/// The state a Raft log drives: whatever the fleet must agree on, kept apart from consensus so that a
/// new kind of fleet data (operations, event policies) changes this conformer and never the Raft code.
///
/// Consensus needs only three things of it: to apply committed entries in order, to say how far it
/// got (so a snapshot is the state at its own index), and — for lease grants — who it says may hold
/// a named resource now. A machine with nothing to lease keeps the default answers.
public protocol ReplicatedStateMachine: Hashable, Codable, Sendable {
    /// One command of the log. Must decode what a newer version wrote (keep it, apply it as a no-op),
    /// or an older node cannot follow a newer coordinator.
    associatedtype Command: Hashable, Codable, Sendable

    /// The empty state, before the first entry.
    init()

    /// A command that changes nothing: a new coordinator appends one to commit an entry of its own
    /// term at once (Raft §5.4.2), which is what makes its reads and lease grants current.
    static var noop: Command { get }

    /// Index and term of the last entry applied.
    var appliedIndex: UInt64 { get }
    var appliedTerm: UInt64 { get }

    /// Applies one committed entry. Called in index order, exactly once per entry; must be
    /// deterministic, so every node that applies the same entries holds the same state.
    mutating func apply(_ entry: Raft<Self>.Entry)

    /// The node this state says may hold the lease on `resource` (a VIP group), if any. The coordinator
    /// renews a lease only for that node.
    func leaseHolder(of resource: String) -> NodeID?

    /// The resources this state lets `node` hold, sorted so that iteration replays exactly.
    func leasedResources(heldBy node: NodeID) -> [String]
}

extension ReplicatedStateMachine {
    public func leaseHolder(of resource: String) -> NodeID? { nil }
    public func leasedResources(heldBy node: NodeID) -> [String] { [] }
}
