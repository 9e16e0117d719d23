/// What a VIP group member does while no coordinator answers (the quorum is lost, or an election is
/// under way). The trade-off is availability against the lease guarantee:
///
/// - `stop` (the default) lets go at once: with no quorum anywhere — every voter down, or this node cut
///   off — every VIP drops, and a coordinator failover drops the VIPs until the new coordinator grants
///   them again. A node that cannot reach a quorum is never eligible (invariant 3).
/// - `freeze` keeps the level this node already had (an owner keeps its VIP, a standby stays a standby)
///   as long as it still hears another member of its group, and takes nothing new: nobody is granted
///   while no coordinator exists. A node cut off from everyone still lets go. The price: an owner that
///   hears its peer but not the quorum keeps the VIP past its lease, so two holders are possible if
///   the peer is granted on the quorum side while keepalived's adverts between the two are lost.
public enum NoQuorumPolicy: String, Hashable, Codable, Sendable, CaseIterable {
    case stop
    case freeze
}
