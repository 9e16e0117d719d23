/// What the coordinator learns while a planned handover runs.
public enum HandoverEvent: Hashable, Codable, Sendable {
    /// A node reported the track level it wrote for the group.
    case trackLevelReported(NodeID, TrackLevel)
    /// A node's keepalived reported a VRRP state for the group (notify FIFO, gossiped).
    case vrrpReported(NodeID, ObservedVRRPState)
    /// A node died or became unreachable.
    case memberLost(NodeID)
    /// Abandon the handover.
    case cancel
}
