#if os(Linux)
/// One node of the lab: its own network namespace with one veth into the switch namespace's bridge
/// and one address in 198.18.0.0/24 (the benchmarking range, so the lab can never collide with a
/// real network).
struct LabNode: Sendable, Hashable, CustomStringConvertible {
    /// The fleet name the tests use ("app1").
    let name: String
    /// 1-based position; the address is 198.18.0.(10 + index).
    let index: Int
    /// The network namespace, unique to this run.
    let namespace: String
    /// The node's end of its veth, inside `namespace`; keepalived's VIP goes here.
    let interface: String
    /// The switch's end of the veth, inside the switch namespace; detaching it cuts the node off.
    let switchPort: String

    /// The node's IPv4 address, without prefix length.
    var address: String { "198.18.0.\(10 + index)" }

    var description: String { "\(name)(\(address) in \(namespace))" }
}
#endif
