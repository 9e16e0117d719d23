#if os(Linux)
import Foundation

/// The update of both pairs, side by side: `nodeagent op run` in the agent lab against an Ansible
/// playbook (`serial: 1`, over ssh) in a keepalived-alone lab (`AnsibleLab`), the same four steps on
/// the stand-in service, the same 1 s health gate, the VIP back on each pair's first owner at the end
/// (nodeagent `hand_back = "return"`, keepalived's preemption for Ansible). A client in db1 asks each VIP
/// every 50 ms (new connection, 2 s timeout). Per trial and side: one update (v1 → v2) measured, then
/// one (v2 → v3) whose controller is SIGKILLed once the first node is done.
///
/// Figures: wall time; the steps' own run time (as the node measured it: nodeagent's attempt journal,
/// Ansible's `delta`); the gate holds (1 s per node, configured); the VIP handovers as the client saw
/// them (last answer from the old holder → first answer from the new one); orchestration overhead per
/// node = (wall − steps − holds − handovers) / nodes; failed requests. A benchmark: it prints figures
/// and asserts nothing about speed. Run `scripts/lab/ansible-bench.sh [N]`.
enum AnsibleBenchmark {
    static let nodes = 4
    static let gateHold = Duration.seconds(1)

    struct Update: Sendable {
        var wall: Duration
        var steps: Duration
        var handovers: [Duration]
        var failed: Int
        var requests: Int
        var maxLatency: Duration
        var moves: [Int]

        var holds: Duration { AnsibleBenchmark.gateHold * AnsibleBenchmark.nodes }
        var overheadPerNode: Duration {
            (wall - steps - holds - handovers.reduce(.zero, +)) / AnsibleBenchmark.nodes
        }
    }

    struct Kill: Sendable {
        /// From the kill to the operation finished (nodeagent: by the next coordinator; Ansible: by a
        /// re-run from the top, started 1 s after the kill).
        var finishedAfter: Duration?
        var stepsRunTwice: Int
        var failed: Int
        var requests: Int
        /// What the kill left behind, in words.
        var note: String
    }

    struct Side: Sendable {
        var updates: [Update] = []
        var kills: [Kill] = []
    }

    struct Report: CustomStringConvertible {
        var trials: Int
        var nodeagent: Side
        var ansible: Side

        var description: String {
            func stats(_ values: [Duration]) -> String {
                guard let s = DurationStats(values) else { return "-" }
                return values.count == 1 ? s.p50.formatted : "p50 \(s.p50.formatted), max \(s.max.formatted)"
            }
            func counts(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }
            let rows: [(String, (Side) -> String)] = [
                ("wall time", { stats($0.updates.map(\.wall)) }),
                ("steps' own run time (16 steps)", { stats($0.updates.map(\.steps)) }),
                ("health-gate holds (4 × 1 s)", { stats($0.updates.map(\.holds)) }),
                ("VIP moves per update (interfaces)", { counts($0.updates.map { $0.moves.reduce(0, +) }) }),
                ("each handover (client: last answer before → first after)", { stats($0.updates.flatMap(\.handovers)) }),
                ("orchestration overhead per node", { stats($0.updates.map(\.overheadPerNode)) }),
                ("failed requests (both VIPs) per update", { $0.updates.map { "\($0.failed)/\($0.requests)" }.joined(separator: ", ") }),
                ("client's slowest answer", { stats($0.updates.map(\.maxLatency)) }),
                ("controller killed: finished after the kill", { stats($0.kills.compactMap(\.finishedAfter)) }),
                ("controller killed: steps run twice", { counts($0.kills.map(\.stepsRunTwice)) }),
                ("controller killed: failed requests", { $0.kills.map { "\($0.failed)/\($0.requests)" }.joined(separator: ", ") }),
            ]
            var lines = ["update of both pairs (4 nodes, serial, 4 steps each, 1 s gate, VIPs returned), \(trials) trial(s) per side",
                         "  " + "".padding(toLength: 44, withPad: " ", startingAt: 0)
                             + "nodeagent op run".padding(toLength: 34, withPad: " ", startingAt: 0) + "Ansible (serial: 1, ssh)"]
            for (name, cell) in rows {
                lines.append("  " + name.padding(toLength: 44, withPad: " ", startingAt: 0)
                             + cell(nodeagent).padding(toLength: 34, withPad: " ", startingAt: 0) + cell(ansible))
            }
            for (name, side) in [("nodeagent", nodeagent), ("Ansible", ansible)] {
                for (index, kill) in side.kills.enumerated() { lines.append("  \(name) kill \(index + 1): \(kill.note)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    static func run(trials: Int, ansiblePlaybook: String, progress: (String) -> Void = { print($0) }) async throws -> Report {
        guard (1...100).contains(trials) else { throw LabError.invalidRequest("trials must be 1…100, not \(trials)") }
        var report = Report(trials: trials, nodeagent: Side(), ansible: Side())
        for trial in 1...trials {
            let (update, kill) = try await nodeagentTrial(trial)
            report.nodeagent.updates.append(update)
            report.nodeagent.kills.append(kill)
            progress("nodeagent \(trial): wall \(update.wall.formatted), steps \(update.steps.formatted), handovers "
                     + "\(update.handovers.map(\.formatted)), overhead/node \(update.overheadPerNode.formatted), failed \(update.failed)/\(update.requests); kill: \(kill.note)")
            let (ansibleUpdate, ansibleKill) = try await ansibleTrial(trial, playbook: ansiblePlaybook)
            report.ansible.updates.append(ansibleUpdate)
            report.ansible.kills.append(ansibleKill)
            progress("Ansible \(trial): wall \(ansibleUpdate.wall.formatted), steps \(ansibleUpdate.steps.formatted), handovers "
                     + "\(ansibleUpdate.handovers.map(\.formatted)), overhead/node \(ansibleUpdate.overheadPerNode.formatted), failed \(ansibleUpdate.failed)/\(ansibleUpdate.requests); kill: \(ansibleKill.note)")
        }
        return report
    }

    // MARK: The client's view

    struct ClientView {
        var failed = 0
        var requests = 0
        var handovers: [Duration] = []
        var moves: [Int] = []
        var maxLatency = Duration.zero
    }

    /// The requests that ended within [from, to] (boot-clock nanoseconds), per VIP (clients and
    /// samplers in the same order). A handover is a move of the VIP on the interfaces (the sampler,
    /// from one sole holder to another); its time is what the client saw of it: from the last answer
    /// before the move to the first answer after it (a request cut by the move shows as the gap).
    static func view(_ clients: [VIPClient], _ samplers: [VIPSampler], from: Int64, to: Int64) -> ClientView {
        let (continuous, boot) = (ContinuousClock.now, BootClock.nanoseconds())
        func bootTime(_ instant: ContinuousClock.Instant) -> Int64 {
            let offset = instant - continuous
            return boot + offset.components.seconds * 1_000_000_000 + offset.components.attoseconds / 1_000_000_000
        }
        var view = ClientView()
        for (client, sampler) in zip(clients, samplers) {
            let requests = client.requests.filter { $0.nanoseconds >= from && $0.nanoseconds <= to }
            view.requests += requests.count
            view.failed += requests.filter { !$0.ok }.count
            view.maxLatency = max(view.maxLatency, .milliseconds(Int64(requests.map(\.milliseconds).max() ?? 0)))
            let answers = requests.filter(\.ok).map(\.nanoseconds)
            var sole: String?
            var moves: [Int64] = []
            for sample in sampler.timeline.samples where sample.holders.count == 1 {
                if let previous = sole, previous != sample.holders[0] {
                    let at = bootTime(sample.at)
                    if at >= from && at <= to { moves.append(at) }
                }
                sole = sample.holders[0]
            }
            view.moves.append(moves.count)
            var gaps: Set<[Int64]> = []
            for move in moves {
                guard let before = answers.last(where: { $0 < move }), let after = answers.first(where: { $0 >= move }) else { continue }
                gaps.insert([before, after])
            }
            view.handovers += gaps.sorted { $0[0] < $1[0] }.map { .nanoseconds($0[1] - $0[0]) }
        }
        return view
    }

    // MARK: nodeagent

    static func nodeagentTrial(_ trial: Int) async throws -> (Update, Kill) {
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        _ = try await fleet.settledPair(AgentLab.app)
        _ = try await fleet.settledPair(AgentLab.int)
        let observer = try fleet.lab.node("db1")
        let clients = try [AgentLab.app, AgentLab.int].map { try VIPClient(lab: fleet.lab, from: observer, vip: $0.vip) }
        for client in clients { try client.start() }
        try await Task.sleep(for: .seconds(1))

        let updateID = "bench-\(trial)-update"
        let planPath = fleet.lab.directory + "/bench-update.toml"
        try LabSuite.OperationLabTests.plan(labDirectory: fleet.lab.directory, handBack: "return", version: "v2")
            .write(toFile: planPath, atomically: true, encoding: .utf8)
        let began = ContinuousClock.now
        let beganBoot = BootClock.nanoseconds()
        try fleet.agent("db2").admin(["op", "run", planPath, "--id", updateID, "--timeout", "10"], timeout: .seconds(20)).check()
        let status = try await waitForEnd(fleet, id: updateID, within: .seconds(180))
        let wall = ContinuousClock.now - began
        let endedBoot = BootClock.nanoseconds()
        guard status == "finished" else { throw LabError.invalidRequest("the nodeagent update ended \(status)") }
        let steps = try stepTime(fleet, id: updateID)
        try await Task.sleep(for: .milliseconds(500))
        let seen = view(clients, try [AgentLab.app, AgentLab.int].map { try fleet.sampler($0) }, from: beganBoot, to: endedBoot + 500_000_000)
        let update = Update(wall: wall, steps: steps, handovers: seen.handovers, failed: seen.failed, requests: seen.requests,
                            maxLatency: seen.maxLatency, moves: seen.moves)

        // The second update, with the coordinator SIGKILLed once the first node is done.
        _ = try await fleet.settledPair(AgentLab.app)
        _ = try await fleet.settledPair(AgentLab.int)
        let killID = "bench-\(trial)-kill"
        try LabSuite.OperationLabTests.plan(labDirectory: fleet.lab.directory, handBack: "return", version: "v3")
            .write(toFile: planPath, atomically: true, encoding: .utf8)
        let killBeganBoot = BootClock.nanoseconds()
        try fleet.agent("db2").admin(["op", "run", planPath, "--id", killID, "--timeout", "10"], timeout: .seconds(20)).check()
        let firstDone = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < firstDone {
            let nodes = OperationFleet.status(fleet, on: "db3", id: killID)?["nodes"] as? [[String: Any]] ?? []
            if nodes.contains(where: { $0["state"] as? String == "done" }) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let victim = try fleet.agent("db3").coordinator() else { throw LabError.invalidRequest("no coordinator to kill") }
        try fleet.agent(victim).crash()
        let killedAt = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        try fleet.agent(victim).start()
        let killStatus = try await waitForEnd(fleet, id: killID, within: .seconds(180), asking: victim == "db3" ? "db2" : "db3")
        let finishedAfter = ContinuousClock.now - killedAt
        let killEndedBoot = BootClock.nanoseconds()
        var twice = 0
        for name in ["app1", "app2", "int1", "int2"] {
            let starts = try journalStarts(fleet, name, operation: killID)
            twice += starts.count - Set(starts).count
        }
        let versions = ["app1", "app2", "int1", "int2"].map { name in
            (try? String(contentsOfFile: try fleet.service(name).flagFile + "-version", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "v1"
        }
        let killView = view(clients, try [AgentLab.app, AgentLab.int].map { try fleet.sampler($0) }, from: killBeganBoot, to: killEndedBoot)
        for client in clients { client.stop() }
        let gaps = try [AgentLab.app, AgentLab.int].map { "\($0.name) \(try fleet.sampler($0).timeline.longestNoHolder(from: killedAt, to: .now).formatted)" }
        let note = "coordinator \(victim) SIGKILLed after the first node (restarted 1 s later, as systemd would); the operation \(killStatus) "
            + "\(finishedAfter.formatted) after the kill; nodes on \(Set(versions).sorted().joined(separator: "/")); steps started twice: \(twice); "
            + "longest time without a VIP holder after the kill: \(gaps.joined(separator: ", "))"
        return (update, Kill(finishedAfter: killStatus == "finished" ? finishedAfter : nil, stepsRunTwice: twice,
                             failed: killView.failed, requests: killView.requests, note: note))
    }

    /// Polls `op status` every 50 ms until the operation ends; returns its final status.
    static func waitForEnd(_ fleet: AgentLab, id: String, within limit: Duration, asking: String = "db3") async throws -> String {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let status = OperationFleet.status(fleet, on: asking, id: id)?["status"] as? String,
               ["finished", "halted", "cancelled"].contains(status) { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LabError.timedOut("operation \(id) to end")
    }

    /// The sum of the steps' own durations, as the nodes measured them (`op logs --json`).
    static func stepTime(_ fleet: AgentLab, id: String) throws -> Duration {
        let result = try fleet.agent("db3").admin(["op", "logs", id, "--json", "--timeout", "5"], timeout: .seconds(10)).check()
        guard let start = result.output.firstIndex(of: "["),
              let logs = try JSONSerialization.jsonObject(with: Data(result.output[start...].utf8)) as? [[String: Any]] else {
            throw LabError.invalidRequest("op logs --json: \(result.output.prefix(300))")
        }
        return .milliseconds(logs.compactMap { $0["durationMilliseconds"] as? Int }.reduce(0, +))
    }

    /// "step/attempt" of every attempt `name`'s journal started for `operation`; a repeated step shows as
    /// a repeated step number.
    static func journalStarts(_ fleet: AgentLab, _ name: String, operation: String) throws -> [Int] {
        let path = try fleet.agent(name).files.dataDirectory + "/operations/attempts.jsonl"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> Int? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let started = object["started"] as? [String: Any], let id = started["_0"] as? [String: Any],
                  id["operation"] as? String == operation, let step = id["step"] as? Int else { return nil }
            return step
        }
    }

    // MARK: Ansible

    static func ansibleTrial(_ trial: Int, playbook: String) async throws -> (Update, Kill) {
        let fleet = try AnsibleLab(ansiblePlaybook: playbook)
        defer { fleet.stop() }
        try await fleet.start()
        let observer = try fleet.lab.node("db1")
        let clients = try AnsibleLab.groups.map { try VIPClient(lab: fleet.lab, from: observer, vip: $0.vip) }
        for client in clients { try client.start() }
        try await Task.sleep(for: .seconds(1))

        let began = ContinuousClock.now
        let beganBoot = BootClock.nanoseconds()
        let run = try fleet.launchPlaybook(version: "v2", logName: "ansible-update.log")
        guard try await AnsibleLab.waitForExit(run, within: .seconds(300)) else { throw LabError.timedOut("ansible-playbook to finish") }
        let wall = ContinuousClock.now - began
        let endedBoot = BootClock.nanoseconds()
        let log = PlaybookLog(text: run.logTail(maxBytes: 4_000_000))
        guard log.succeeded else { throw LabError.invalidRequest("the playbook failed:\n\(run.logTail(maxBytes: 3_000))") }
        try await Task.sleep(for: .milliseconds(500))
        let seen = view(clients, try AnsibleLab.groups.map { try fleet.sampler($0) }, from: beganBoot, to: endedBoot + 500_000_000)
        let update = Update(wall: wall, steps: log.stepTime, handovers: seen.handovers, failed: seen.failed, requests: seen.requests,
                            maxLatency: seen.maxLatency, moves: seen.moves)

        // The second update, with the controller killed once the first node is done (at the first
        // result for the second node: keepalived stopped there, the VIP on the updated standby).
        try await fleet.waitUntilSettled()
        let killBeganBoot = BootClock.nanoseconds()
        let killed = try fleet.launchPlaybook(version: "v3", logName: "ansible-killed.log")
        let second = AnsibleLab.groups[0].members[0].name
        let firstDone = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < firstDone, !AnsibleLab.hasExited(killed.pid) {
            if PlaybookLog(text: killed.logTail(maxBytes: 4_000_000)).results.contains(where: { $0.host == second }) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        fleet.killController(killed)
        let killedAt = ContinuousClock.now
        let before = PlaybookLog(text: killed.logTail(maxBytes: 4_000_000))
        try await Task.sleep(for: .seconds(1))
        var left: [String] = []
        for name in fleet.members {
            var problems: [String] = []
            if !fleet.keepalivedRunning(name) { problems.append("keepalived stopped") }
            if (try? fleet.service(name).status()) != 200 { problems.append("service not answering") }
            if !problems.isEmpty { left.append("\(name): " + problems.joined(separator: ", ")) }
        }
        let holders = try AnsibleLab.groups.map { group in
            "\(group.name) on \(try fleet.sampler(group).timeline.samples.last?.holders.joined(separator: "+") ?? "?")"
        }
        // Ansible keeps no progress: the operator can only run the playbook again, from the top.
        let rerun = try fleet.launchPlaybook(version: "v3", logName: "ansible-rerun.log")
        guard try await AnsibleLab.waitForExit(rerun, within: .seconds(300)) else { throw LabError.timedOut("the re-run of ansible-playbook to finish") }
        let finishedAfter = ContinuousClock.now - killedAt
        let killEndedBoot = BootClock.nanoseconds()
        let after = PlaybookLog(text: rerun.logTail(maxBytes: 4_000_000))
        let doneBefore = Set(before.results.filter(\.isStep).map { "\($0.host)/\($0.task)" })
        let twice = after.results.filter(\.isStep).filter { doneBefore.contains("\($0.host)/\($0.task)") }.count
        let killView = view(clients, try AnsibleLab.groups.map { try fleet.sampler($0) }, from: killBeganBoot, to: killEndedBoot)
        for client in clients { client.stop() }
        let gaps = try AnsibleLab.groups.map { "\($0.name) \(try fleet.sampler($0).timeline.longestNoHolder(from: killedAt, to: .now).formatted)" }
        let fatal = rerun.logTail(maxBytes: 4_000_000).split(separator: "\n").first { $0.hasPrefix("fatal: ") }
            .map { " (" + String($0.prefix(90)) + "…)" } ?? ""
        let leftText: String = left.isEmpty ? "nothing out of service" : left.joined(separator: "; ")
        let outcome: String = after.succeeded ? "finished" : "FAILED" + fatal
        var note = "ansible-playbook SIGKILLed after the first node (with its workers and ssh masters); left behind: "
        note += leftText + ", VIPs " + holders.joined(separator: ", ") + "; "
        note += "no resume: re-run from the top 1 s later " + outcome + " " + finishedAfter.formatted + " after the kill; "
        note += "steps run twice: \(twice) (\(doneBefore.count) had finished before the kill); "
        note += "longest time without a VIP holder after the kill: " + gaps.joined(separator: ", ")
        return (update, Kill(finishedAfter: after.succeeded ? finishedAfter : nil, stepsRunTwice: twice,
                             failed: killView.failed, requests: killView.requests, note: note))
    }

    /// What `ansible-playbook -v` printed: each task result line with its host, and the recap.
    struct PlaybookLog {
        struct Result {
            var task: String
            var host: String
            var delta: Duration?
            var isStep: Bool { task.hasPrefix("step: ") }
        }

        var results: [Result] = []
        var succeeded = false

        init(text: String) {
            var task = ""
            var inRecap = false
            var recapOK = true
            var recapHosts = 0
            for line in text.split(separator: "\n") {
                if line.hasPrefix("TASK [") {
                    task = String(line.dropFirst(6).prefix { $0 != "]" })
                } else if line.hasPrefix("PLAY RECAP") {
                    inRecap = true
                } else if inRecap {
                    if line.contains(" failed=") {
                        recapHosts += 1
                        if !line.contains(" failed=0") || !line.contains("unreachable=0") { recapOK = false }
                    }
                } else if line.hasPrefix("changed: [") || line.hasPrefix("ok: [") {
                    let afterBracket = line.drop { $0 != "[" }.dropFirst()
                    let host = String(afterBracket.prefix { $0 != "]" && $0 != " " })
                    results.append(Result(task: task, host: host, delta: Self.delta(in: line)))
                }
            }
            succeeded = inRecap && recapOK && recapHosts > 0
        }

        /// The steps' own run time: the sum of the `delta` the command module measured on the node.
        var stepTime: Duration { results.filter(\.isStep).compactMap(\.delta).reduce(.zero, +) }

        /// `"delta": "0:00:00.002817"` → 2.817 ms.
        static func delta(in line: Substring) -> Duration? {
            guard let range = line.range(of: "\"delta\": \"") else { return nil }
            let value = line[range.upperBound...].prefix { $0 != "\"" }
            let parts = value.split(separator: ":")
            guard parts.count == 3, let hours = Double(parts[0]), let minutes = Double(parts[1]), let seconds = Double(parts[2]) else { return nil }
            return .nanoseconds(Int64(((hours * 60 + minutes) * 60 + seconds) * 1e9))
        }
    }
}
#endif
