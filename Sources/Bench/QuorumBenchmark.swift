import AgentCore
import Foundation
import Mesh
import Wire

/// Quorum benchmarks with 5 real voters on loopback.
struct QuorumBenchmark {
    let executable: String

    private func makeFleet(port: Int) throws -> (String, [LocalAgent]) {
        let directory = try LocalFleet.temporaryDirectory(prefix: "nodeagent-bench-quorum")
        // One VIP group (no keepalived here: the agents only write track files), so a failover is
        // measured until the new coordinator renews a lease, as the VIP layer needs it.
        let group = """
            [vip_groups.bench]
            instance = "BENCH"
            vip = "198.18.0.200/32"
            interface = "lo"
            members = { app1 = 150, app2 = 100 }
            """
        let agents = try LocalFleet.make(directory: directory, members: DemoOptions.fleet(size: 5), subnet: 4, port: port,
                                         extraConfig: group)
        for agent in agents { try agent.start(executable: executable) }
        return (directory, agents)
    }

    private func finish(_ directory: String, _ agents: [LocalAgent]) {
        LocalFleet.stop(agents)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// kill -9 of the coordinator → the first `coordinator_elected` of a new term in a survivor's log,
    /// and the first command committed through a survivor afterwards.
    func failover(trials: Int) async -> Int32 {
        guard let (directory, agents) = try? makeFleet(port: 18_976) else { print("cannot start the fleet"); return 1 }
        defer { finish(directory, agents) }
        var elected: [Double] = []
        var committed: [Double] = []
        var renewed: [Double] = []
        for trial in 0..<trials {
            guard let (leader, term) = await QuorumProbe.agreedCoordinator(agents, timeout: 20),
                  let victim = agents.first(where: { $0.name == leader }) else { print("no agreed coordinator"); return 1 }
            let survivors = agents.filter { $0 !== victim }
            let killedAt = Date()
            victim.kill()
            victim.wait()
            // Commit through a survivor as soon as possible: succeeds only once a new coordinator leads.
            var commitTime: Double?
            let deadline = Date().addingTimeInterval(10)
            while commitTime == nil, Date() < deadline {
                let request = AdminRequest(id: 1, command: "set-config-version", arguments: ["version": String(trial + 1)])
                if let response = try? await AdminClient.request(request, socketPath: survivors[0].socketPath, timeout: .seconds(2)), response.ok {
                    commitTime = Date().timeIntervalSince(killedAt)
                } else {
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            guard let commitTime,
                  let electedTime = LogScan.firstTime(ofEvent: "coordinator_elected", newerThanTerm: term, after: killedAt, in: survivors)
            else { print("trial \(trial + 1): no new coordinator within 10 s"); return 1 }
            var renewedTime: Double?
            let leaseDeadline = Date().addingTimeInterval(10)
            while renewedTime == nil, Date() < leaseDeadline {
                renewedTime = LogScan.firstTime(ofEvent: "lease_issued", newerThanTerm: term, after: killedAt, in: survivors)
                if renewedTime == nil { try? await Task.sleep(for: .milliseconds(20)) }
            }
            guard let renewedTime else { print("trial \(trial + 1): no lease renewed within 10 s"); return 1 }
            elected.append(electedTime)
            committed.append(commitTime)
            renewed.append(renewedTime)
            print(String(format: "trial %2d: coordinator %@ (term %d) killed → new coordinator elected %.0f ms, first command committed %.0f ms, lease renewed %.0f ms",
                         trial + 1, leader, term, electedTime * 1000, commitTime * 1000, renewedTime * 1000))
            try? victim.start(executable: executable)
            try? await Task.sleep(for: .seconds(2))
        }
        print(Stats.line("kill -9 of the coordinator → new coordinator elected", elected))
        print(Stats.line("kill -9 of the coordinator → first command committed", committed))
        print(Stats.line("kill -9 of the coordinator → new coordinator renewed a VIP lease", renewed))
        return 0
    }

    /// Latency of one command at a time through a follower (forwarded) and through the coordinator,
    /// then throughput with 16 commands in flight.
    func commits(count: Int) async -> Int32 {
        guard let (directory, agents) = try? makeFleet(port: 18_986) else { print("cannot start the fleet"); return 1 }
        defer { finish(directory, agents) }
        guard let (leader, _) = await QuorumProbe.agreedCoordinator(agents, timeout: 20),
              let coordinator = agents.first(where: { $0.name == leader }),
              let follower = agents.first(where: { $0.name != leader }) else { print("no coordinator"); return 1 }
        for (label, agent) in [("via the coordinator", coordinator), ("via a follower (forwarded)", follower)] {
            var samples: [Double] = []
            for index in 0..<count {
                let started = Date()
                let request = AdminRequest(id: 1, command: "set-config-version", arguments: ["version": String(index)])
                guard let response = try? await AdminClient.request(request, socketPath: agent.socketPath), response.ok else {
                    print("a command failed"); return 1
                }
                samples.append(Date().timeIntervalSince(started))
            }
            print(Stats.line("commit latency \(label), one at a time (admin socket round trip included)", samples, precision: 2))
        }
        let started = Date()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for index in stride(from: worker, to: count, by: 16) {
                        let request = AdminRequest(id: 1, command: "set-config-version", arguments: ["version": String(index)])
                        _ = try? await AdminClient.request(request, socketPath: coordinator.socketPath)
                    }
                }
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        print(String(format: "throughput with 16 commands in flight: %d commands in %.2f s = %.0f commands/s", count, elapsed, Double(count) / elapsed))
        return 0
    }
}

/// Asks the quorum over admin sockets.
enum QuorumProbe {
    static func agreedCoordinator(_ agents: [LocalAgent], timeout: TimeInterval) async -> (String, Int)? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var views: [CoordinatorReport] = []
            for agent in agents where agent.isRunning {
                if let response = try? await AdminClient.request(AdminRequest(id: 1, command: "coordinator"), socketPath: agent.socketPath, timeout: .seconds(2)),
                   let report = try? response.result?.decode(as: CoordinatorReport.self) {
                    views.append(report)
                }
            }
            if let first = views.first, let leader = first.coordinator, views.count == agents.filter(\.isRunning).count,
               views.allSatisfy({ $0.coordinator == leader && $0.term == first.term }) {
                return (leader, Int(first.term))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
