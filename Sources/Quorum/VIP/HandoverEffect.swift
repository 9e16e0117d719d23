/// What a `HandoverPlan` asks the coordinator to do, in order.
public enum HandoverEffect: Hashable, Codable, Sendable {
    /// Tell the node it is the successor (`HandoverRole.successor`): it raises itself while a standby.
    case raise(NodeID)
    /// End the node's successor role.
    case lower(NodeID)
    /// Tell the node to step aside (`HandoverRole.outgoing`): it faults at once.
    case fault(NodeID)
    /// End the node's outgoing role: it returns to whatever its lease says.
    case release(NodeID)
    /// Commit `grant(group, node)` to the replicated state.
    case grant(NodeID)
    case completed
    case aborted(HandoverFailure)
}
