import Gossip
import GossipSim

/// Scenario helpers shared by the simulation property tests.
enum SimHarness {
    /// Every node of `nodes` sees every other as alive.
    static func agree(_ sim: GossipSimulator, among nodes: [Int]) -> Bool {
        nodes.allSatisfy { o in nodes.allSatisfy { s in s == o || sim.status(of: s, seenBy: o) == .alive } }
    }

    /// Every node of `nodes` sees the same incarnation for each other node of `nodes`.
    static func sameIncarnations(_ sim: GossipSimulator, among nodes: [Int]) -> Bool {
        for s in nodes {
            let name = sim.id(s).name
            let seen = Set(nodes.compactMap { o in
                sim.core(o)?.snapshot.first { $0.id.name == name }?.incarnation
            })
            if seen.count != 1 { return false }
        }
        return true
    }

    /// Runs until `condition` holds (checked every `step`) or `limit` passes; returns the time it took.
    @discardableResult
    static func runUntil(_ sim: GossipSimulator, limit: Duration, step: Duration = .milliseconds(10),
                         _ condition: () -> Bool) -> Duration? {
        let start = sim.now
        while sim.now - start <= limit {
            if condition() { return sim.now - start }
            sim.run(for: step)
        }
        return condition() ? sim.now - start : nil
    }

    /// A fleet of `count` nodes that joined through their seeds and now agree on the membership.
    static func joinedFleet(count: Int, seed: UInt64, network: SimNetwork = .lan,
                            settings: GossipSettings = GossipSettings()) -> GossipSimulator? {
        let sim = GossipSimulator(count: count, settings: settings, network: network, seed: seed)
        let all = Array(0..<count)
        guard runUntil(sim, limit: .seconds(15), step: .milliseconds(100), { agree(sim, among: all) }) != nil else {
            return nil
        }
        return sim
    }

    /// Events reported by anyone about `name`.
    static func events(_ sim: GossipSimulator, about name: String) -> [SimEventRecord] {
        sim.events.filter { $0.event.member.name == name }
    }

    static func isDead(_ r: SimEventRecord) -> Bool {
        if case .dead = r.event { return true } else { return false }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
