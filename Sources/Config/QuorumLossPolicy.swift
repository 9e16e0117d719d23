/// `no_quorum_policy` of a VIP group: what its members do while no coordinator answers. `stop` lets go
/// (safe: never a VIP without a quorum behind it); `freeze` keeps what each member already had while it
/// still hears a fellow member (available: the VIPs survive a quorum outage or a coordinator failover,
/// at the price of the lease guarantee). The README's "No-quorum policy" section has the trade-off.
public enum QuorumLossPolicy: String, Sendable, Equatable, CaseIterable {
    case stop
    case freeze
}
