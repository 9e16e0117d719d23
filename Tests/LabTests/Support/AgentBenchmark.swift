#if os(Linux)
import Foundation

/// keepalived alone against keepalived + nodeagent, in the same lab, over N trials each:
/// (a) the owner's service fails → the peer answers on the VIP (a client in db1 asks every 10 ms);
/// (b) the owner is cut off the bridge → total time with two VIP holders within 8 s (the sampler);
/// (c) a planned handover → the peer answers on the VIP: `nodeagent vip promote` with the agents, and
///     the usual manual way without them (stop keepalived on the owner).
/// A benchmark: it prints figures and asserts nothing about speed. Run `scripts/lab/agents-bench.sh [N]`.
enum AgentBenchmark {
    struct Side: Sendable {
        var failover: [Duration] = []
        var dualAfterCut: [Duration] = []
        var handover: [Duration] = []
    }

    struct Report: CustomStringConvertible {
        var trials: Int
        var alone: Side
        var agents: Side
        static let cutWindow = Duration.seconds(8)

        var description: String {
            func cell(_ values: [Duration]) -> String {
                guard let stats = DurationStats(values) else { return "no trials".padding(toLength: 32, withPad: " ", startingAt: 0) }
                return "p50 \(stats.p50.formatted) p90 \(stats.p90.formatted) max \(stats.max.formatted)"
            }
            let rows = [
                ("(a) service fails → peer answers", alone.failover, agents.failover),
                ("(b) two holders within 8 s of a cut", alone.dualAfterCut, agents.dualAfterCut),
                ("(c) planned handover → peer answers", alone.handover, agents.handover),
            ]
            var lines = ["VIP benchmark, \(trials) trials each (advert_int 1; keepalived alone: vrrp_script interval 1 fall 2 rise 1;"
                         + " nodeagent: http check 200 ms, fall 2, rise 2; (c) alone = stop keepalived on the owner)",
                         "  " + "".padding(toLength: 38, withPad: " ", startingAt: 0) + "keepalived alone".padding(toLength: 44, withPad: " ", startingAt: 0) + "keepalived + nodeagent"]
            for (name, left, right) in rows {
                lines.append("  " + name.padding(toLength: 38, withPad: " ", startingAt: 0)
                             + cell(left).padding(toLength: 44, withPad: " ", startingAt: 0) + cell(right))
            }
            return lines.joined(separator: "\n")
        }
    }

    static func run(trials: Int, progress: (String) -> Void = { print($0) }) async throws -> Report {
        guard (1...1_000).contains(trials) else { throw LabError.invalidRequest("trials must be 1…1000, not \(trials)") }
        let alone = try await runAlone(trials: trials, progress: progress)
        let agents = try await runAgents(trials: trials, progress: progress)
        return Report(trials: trials, alone: alone, agents: agents)
    }

    // MARK: keepalived alone

    private static func runAlone(trials: Int, progress: (String) -> Void) async throws -> Side {
        let pair = try BaselinePair()
        defer { pair.stop() }
        let probe = try VIPProbe(lab: pair.lab, from: pair.outsider, vip: BaselinePair.vip)
        try probe.start()
        var side = Side()
        for trial in 1...trials {
            let (holder, peer) = try await settledAlone(pair, probe: probe)
            guard let service = pair.services[holder.name] else { throw LabError.invalidRequest("no service on \(holder.name)") }
            let failedAt = BootClock.nanoseconds()
            try service.fail()
            side.failover.append(try await probe.waitForAnswer(from: peer.address, since: failedAt, timeout: .seconds(15)))
            try service.recover()
            progress("alone \(trial): (a) \(side.failover.last?.formatted ?? "-")")
        }
        for trial in 1...trials {
            let (holder, _) = try await settledAlone(pair, probe: probe)
            let cutAt = ContinuousClock.now
            try pair.lab.cut(holder)
            side.dualAfterCut.append(try await dualTime(pair.sampler, from: cutAt))
            try pair.lab.heal(holder)
            progress("alone \(trial): (b) \(side.dualAfterCut.last?.formatted ?? "-")")
        }
        for trial in 1...trials {
            let (holder, peer) = try await settledAlone(pair, probe: probe)
            guard let instance = pair.keepalived[holder.name] else { throw LabError.invalidRequest("no keepalived on \(holder.name)") }
            let stoppedAt = BootClock.nanoseconds()
            instance.stop()
            side.handover.append(try await probe.waitForAnswer(from: peer.address, since: stoppedAt, timeout: .seconds(15)))
            try instance.start()
            progress("alone \(trial): (c) \(side.handover.last?.formatted ?? "-")")
        }
        return side
    }

    /// keepalived alone preempts back to app1 (MASTER, 101): wait for that and for app1 answering.
    private static func settledAlone(_ pair: BaselinePair, probe: VIPProbe) async throws -> (LabNode, LabNode) {
        try await pair.waitUntilSettled(on: "app1", steady: .seconds(1), timeout: .seconds(20))
        let holder = try pair.lab.node("app1")
        try await waitUntilAnswering(probe, holder.address)
        return (holder, try pair.peer(of: "app1"))
    }

    // MARK: keepalived + nodeagent

    private static func runAgents(trials: Int, progress: (String) -> Void) async throws -> Side {
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        let group = AgentLab.app
        let probe = try VIPProbe(lab: fleet.lab, from: try fleet.lab.node("db1"), vip: group.vip)
        try probe.start()
        var side = Side()
        for trial in 1...trials {
            let (holder, peer) = try await settledAgents(fleet, group, probe: probe)
            let failedAt = BootClock.nanoseconds()
            try fleet.service(holder.name).fail()
            side.failover.append(try await probe.waitForAnswer(from: peer.address, since: failedAt, timeout: .seconds(15)))
            try fleet.service(holder.name).recover()
            try await fleet.waitForHealth(group, of: holder.name, healthy: true)
            progress("nodeagent \(trial): (a) \(side.failover.last?.formatted ?? "-")")
        }
        for trial in 1...trials {
            let (holder, _) = try await settledAgents(fleet, group, probe: probe)
            let cutAt = ContinuousClock.now
            try fleet.lab.cut(holder)
            side.dualAfterCut.append(try await dualTime(try fleet.sampler(group), from: cutAt))
            try fleet.lab.heal(holder)
            try await fleet.waitForFleet()
            progress("nodeagent \(trial): (b) \(side.dualAfterCut.last?.formatted ?? "-")")
        }
        for trial in 1...trials {
            let (_, peer) = try await settledAgents(fleet, group, probe: probe)
            let promotedAt = BootClock.nanoseconds()
            try fleet.vipCommand(["promote", group.name, peer.name], on: "db1")
            side.handover.append(try await probe.waitForAnswer(from: peer.address, since: promotedAt, timeout: .seconds(15)))
            progress("nodeagent \(trial): (c) \(side.handover.last?.formatted ?? "-")")
        }
        return side
    }

    /// Planned handovers only, with the agents, printing the wall-clock instant of each promotion so that
    /// a slow one can be found in the agents' and keepalived's logs (kept with LAB_KEEP_LOGS=dir):
    /// `LAB_HANDOVER_TRIALS=N swift test --filter LabBenchmarkTests/plannedHandovers`.
    static func plannedHandovers(trials: Int, progress: (String) -> Void = { print($0) }) async throws -> [Duration] {
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        let group = AgentLab.app
        let probe = try VIPProbe(lab: fleet.lab, from: try fleet.lab.node("db1"), vip: group.vip)
        try probe.start()
        var handovers: [Duration] = []
        for trial in 1...trials {
            let (holder, peer) = try await settledAgents(fleet, group, probe: probe)
            let wall = Date()
            let promotedAt = BootClock.nanoseconds()
            try fleet.vipCommand(["promote", group.name, peer.name], on: "db1")
            handovers.append(try await probe.waitForAnswer(from: peer.address, since: promotedAt, timeout: .seconds(15)))
            progress("handover \(trial) \(holder.name) → \(peer.name) promoted at \(wall.timeIntervalSince1970): \(handovers.last?.formatted ?? "-")")
        }
        return handovers
    }

    /// Whoever holds the VIP (no flap back with the agents), granted, and answering the client.
    /// After a heal the coordinator may still move the group (it re-granted the higher priority in the
    /// lab), so wait until the steady holder and the grant agree.
    private static func settledAgents(_ fleet: AgentLab, _ group: LabVIPGroup, probe: VIPProbe) async throws -> (LabNode, LabNode) {
        var holder = try await fleet.settledHolder(group, steady: .seconds(1))
        for _ in 1...5 {
            if (try? await fleet.waitForGrant(group, to: holder, asking: holder, timeout: .seconds(3))) != nil { break }
            holder = try await fleet.settledHolder(group, steady: .seconds(1))
        }
        try await fleet.waitForGrant(group, to: holder, asking: holder)
        let node = try fleet.lab.node(holder)
        try await waitUntilAnswering(probe, node.address)
        return (node, try fleet.lab.node(try group.peer(of: holder)))
    }

    // MARK: Shared

    private static func waitUntilAnswering(_ probe: VIPProbe, _ address: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while probe.changes.last?.answer != address {
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("\(address) answering \(probe.url) (last: \(probe.changes.last?.answer ?? "nothing"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits out the cut window and returns the time with two holders inside it.
    private static func dualTime(_ sampler: VIPSampler, from cutAt: ContinuousClock.Instant) async throws -> Duration {
        let end = cutAt + Report.cutWindow
        _ = try await sampler.waitFor("the \(Report.cutWindow) cut window", since: end, timeout: Report.cutWindow + .seconds(3)) { _ in true }
        return sampler.timeline.dualHolderTime(from: cutAt, to: end)
    }
}
#endif
