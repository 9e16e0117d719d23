import AgentCore
import Foundation
import Mesh
import Wire

/// Benchmarks with real `nodeagent` processes on loopback. Every loop is bounded in count and time, and
/// every agent started is stopped (by its own PID) at the end.
struct ProcessBenchmark {
    let executable: String
    let fleetSize = 7

    /// The `nodeagent` binary built next to this one.
    static func siblingBinary() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("nodeagent").path
    }

    private func makeFleet(port: Int) throws -> (String, [LocalAgent]) {
        let directory = try LocalFleet.temporaryDirectory(prefix: "nodeagent-bench")
        let members = DemoOptions.fleet(size: fleetSize)
        let agents = try LocalFleet.make(directory: directory, members: members, subnet: 3, port: port)
        for agent in agents { try agent.start(executable: executable) }
        return (directory, agents)
    }

    private func finish(_ directory: String, _ agents: [LocalAgent]) {
        LocalFleet.stop(agents)
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Detection time

    /// kill -9 of one agent → every survivor logs `member_dead` for it; times from the kill to the last
    /// survivor's entry. The victim is restarted and seen alive by all before the next trial.
    func detection(trials: Int) async -> Int32 {
        guard let (directory, agents) = try? makeFleet(port: 18_946) else { print("cannot start the fleet"); return 1 }
        defer { finish(directory, agents) }
        guard await FleetProbe.waitAllAlive(agents, timeout: 30) else { print("the fleet never converged"); return 1 }
        var samples: [Double] = []
        var firsts: [Double] = []
        for trial in 0..<trials {
            let victim = agents[1 + trial % (agents.count - 1)]
            let survivors = agents.filter { $0 !== victim }
            let killedAt = Date()
            victim.kill()
            victim.wait()
            guard let times = LogScan.waitForEvent("member_dead", peer: victim.name, after: killedAt, in: survivors, timeout: 20) else {
                print("trial \(trial + 1): not every survivor marked \(victim.name) dead within 20 s")
                return 1
            }
            let last = times.max() ?? 0, first = times.min() ?? 0
            samples.append(last)
            firsts.append(first)
            print(String(format: "trial %2d: %@ killed → first survivor %.0f ms, all %d survivors %.0f ms",
                         trial + 1, victim.name, first * 1000, survivors.count, last * 1000))
            try? victim.start(executable: executable)
            guard await FleetProbe.waitAllAlive(agents, timeout: 30) else { print("\(victim.name) never rejoined"); return 1 }
        }
        print(Stats.line("kill -9 → dead on all survivors", samples))
        print(Stats.line("kill -9 → dead on the first survivor", firsts))
        return 0
    }

    // MARK: Footprint

    /// RSS and CPU share of one agent (app1) in a settled 7-node fleet.
    func footprint(seconds: Int) async -> Int32 {
        guard let (directory, agents) = try? makeFleet(port: 18_956) else { print("cannot start the fleet"); return 1 }
        defer { finish(directory, agents) }
        guard await FleetProbe.waitAllAlive(agents, timeout: 30) else { print("the fleet never converged"); return 1 }
        try? await Task.sleep(for: .seconds(5))
        let pid = agents[0].pid
        let cpuBefore = ProcStat.cpuSeconds(pid)
        var rssMax = 0.0
        var rssSamples: [Double] = []
        let started = Date()
        for _ in 0..<seconds {
            try? await Task.sleep(for: .seconds(1))
            let rss = ProcStat.rssMegabytes(pid)
            rssSamples.append(rss)
            rssMax = max(rssMax, rss)
        }
        let elapsed = Date().timeIntervalSince(started)
        let cpu = (ProcStat.cpuSeconds(pid) - cpuBefore) / elapsed * 100
        print(String(format: "footprint of app1 in a %d-node fleet over %.0f s: RSS mean %.1f MB, max %.1f MB; CPU %.2f%% of one core",
                     agents.count, elapsed, rssSamples.reduce(0, +) / Double(max(rssSamples.count, 1)), rssMax, cpu))
        return 0
    }

    // MARK: CPU starvation

    /// One agent shares a core, at the lowest priority, with busy loops; its peers run on the other
    /// core. Counts `member_dead` declarations (all false: nobody is killed) over the run.
    func starved(seconds: Int) async -> Int32 {
        guard let (directory, agents) = try? makeFleet(port: 18_966) else { print("cannot start the fleet"); return 1 }
        defer { finish(directory, agents) }
        guard await FleetProbe.waitAllAlive(agents, timeout: 30) else { print("the fleet never converged"); return 1 }
        let victim = agents[agents.count - 1]
        for agent in agents { _ = try? Run.command(["/usr/bin/taskset", "-a", "-p", agent === victim ? "2" : "1", String(agent.pid)]) }
        _ = try? Run.command(["/usr/bin/renice", "-n", "19", "-p", String(victim.pid)])
        let started = Date()
        // Busy loops pinned to CPU 1, ended with SIGKILL by their own PIDs (a child may inherit a mask
        // that blocks SIGTERM, so nothing here relies on it).
        let hogs = (0..<3).compactMap { _ in try? Run.background(["/bin/sh", "-c", "while :; do :; done"]) }
        for hog in hogs { _ = try? Run.command(["/usr/bin/taskset", "-p", "2", String(hog.processIdentifier)]) }
        try? await Task.sleep(for: .seconds(seconds))
        for hog in hogs { kill(hog.processIdentifier, SIGKILL) }
        for hog in hogs { hog.waitUntilExit() }
        let deads = agents.map { LogScan.count("member_dead", after: started, in: $0) }.reduce(0, +)
        let suspicions = agents.map { LogScan.count("member_suspected", after: started, in: $0) }.reduce(0, +)
        print("starved agent \(victim.name) (nice 19, sharing CPU 1 with 3 busy loops) for \(seconds) s: "
              + "\(deads) false dead declarations, \(suspicions) suspicions (refuted) across the fleet")
        return deads == 0 ? 0 : 1
    }
}
