#if os(Linux)
/// One VIP group of the agent lab: a keepalived pair whose ownership the agents arbitrate. The same
/// description feeds both sides — the `[vip_groups.NAME]` table of every agent's config and the
/// keepalived.conf of each member — so the two can never disagree about instance, VIP or priorities.
struct LabVIPGroup: Sendable, Equatable {
    struct Member: Sendable, Equatable {
        var name: String
        /// The keepalived priority, also the arbiter's last tie-breaker.
        var priority: Int
    }

    /// The nodeagent group name ("app").
    var name: String
    /// The keepalived `vrrp_instance` name ("APP").
    var instance: String
    /// The VIP without prefix length, in 198.18.0.0/15.
    var vip: String
    var virtualRouterID: Int
    /// Highest priority first: the member keepalived elects when every track value is 0.
    var members: [Member]
    /// The names of the `[checks.X]` tables this group's members must pass.
    var checks: [String] = ["web"]
    /// The group's `no_quorum_policy`: "stop" or "freeze".
    var noQuorumPolicy = "stop"

    var memberNames: [String] { members.map(\.name) }

    func priority(of node: String) -> Int? { members.first { $0.name == node }?.priority }

    /// The member that is not `node` in a pair.
    func peer(of node: String) throws -> String {
        guard members.count == 2, memberNames.contains(node), let other = memberNames.first(where: { $0 != node }) else {
            throw LabError.invalidRequest("\(node) has no single peer in group \(name) (\(memberNames))")
        }
        return other
    }
}
#endif
