import Quorum
import SeededRandom

/// Shared builders for the VIP tests: a two-node app pair and a three-node group, and every member view.
enum VIPFixtures {
    static let app1: NodeID = "app1"
    static let app2: NodeID = "app2"
    static let app3: NodeID = "app3"

    /// app1 150, app2 100: the usual pair, app1 preferred.
    static let pair = VIPGroupDefinition(name: "app", members: [
        VIPGroupMember(node: app1, priority: 150),
        VIPGroupMember(node: app2, priority: 100),
    ])

    /// app2 and app3 share a priority, so ties are exercised.
    static let trio = VIPGroupDefinition(name: "int", members: [
        VIPGroupMember(node: app3, priority: 100),
        VIPGroupMember(node: app1, priority: 120),
        VIPGroupMember(node: app2, priority: 100),
    ])

    static let healthy = VIPMemberView(alive: true, checksPassing: true, vrrp: .backup, reachable: true)
    static let failing = VIPMemberView(alive: true, checksPassing: false, vrrp: .backup, reachable: true)
    static let dead = VIPMemberView(alive: false, checksPassing: false, vrrp: .unknown, reachable: false)

    /// Every combination of alive × checks × reachable × VRRP state: 32 views.
    static let allViews: [VIPMemberView] = {
        var views: [VIPMemberView] = []
        for alive in [false, true] {
            for checks in [false, true] {
                for reachable in [false, true] {
                    for vrrp in ObservedVRRPState.allCases {
                        views.append(VIPMemberView(alive: alive, checksPassing: checks, vrrp: vrrp,
                                                   reachable: reachable))
                    }
                }
            }
        }
        return views
    }()

    static func randomView(_ rng: inout SplitMix64) -> VIPMemberView {
        VIPMemberView(alive: rng.next() % 5 != 0, checksPassing: rng.next() % 4 != 0,
                      vrrp: ObservedVRRPState.allCases[Int(rng.next() % 4)], reachable: rng.next() % 6 != 0)
    }
}
