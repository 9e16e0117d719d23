import Foundation
import Testing

/// Fleet operations with real agents: `nodeagent op run` across nodes, the coordinator SIGKILLed in
/// the middle, an agent SIGKILLed while its step runs — and, from the nodes' own attempt journals, no
/// step started twice.
@Suite("Operations (5 real voters)", .serialized)
struct OperationProcessTests {
    let names = ["app1", "app2", "int1", "int2", "db1"]

    private func startFleet() throws -> (TestFleet, String) {
        let fleet = try TestFleet()
        try fleet.addMesh(names, voters: names)
        for name in names { try fleet.start(name) }
        var coordinator: String?
        try #require(fleet.eventually(timeout: .seconds(20)) {
            let views = names.map { fleet.coordinator(of: $0)["coordinator"] as? String }
            coordinator = views.first ?? nil
            return coordinator != nil && views.allSatisfy { $0 == coordinator }
        }, "no coordinator agreed by all")
        try #require(fleet.eventually(timeout: .seconds(20)) {
            names.allSatisfy { node in fleet.members(of: node).filter { $0.value == "alive" }.count == names.count }
        }, "gossip never saw every member alive")
        return (fleet, coordinator!)
    }

    /// A plan on `targets`: a step that must not run twice (it appends a line), a slow idempotent one,
    /// and a second stamp.
    private func writePlan(_ fleet: TestFleet, targets: [String], slow: String = "2") throws -> String {
        let path = fleet.directory + "/plan.toml"
        let stamps = fleet.directory + "/stamps-{node}"
        try """
        name = "update"
        [targets]
        nodes = [\(targets.map { "\"\($0)\"" }.joined(separator: ", "))]
        [health]
        min_healthy_ms = 100
        deadline_ms = 10000
        [[steps]]
        name = "first"
        shell = "echo first $NODEAGENT_ATTEMPT >> \(stamps)"
        [[steps]]
        name = "slow"
        argv = ["/bin/sleep", "\(slow)"]
        idempotent = true
        [[steps]]
        name = "second"
        shell = "echo second $NODEAGENT_ATTEMPT >> \(stamps)"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func status(_ fleet: TestFleet, on node: String, id: String) -> [String: Any]? {
        guard let result = try? fleet.admin(node, ["op", "status", id, "--json"], timeout: .seconds(5)), result.status == 0,
              let list = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else { return nil }
        return list.first
    }

    /// Every attempt each node's journal started, as "step/attempt".
    private func journalStarts(_ fleet: TestFleet, _ node: String) -> [String] {
        let path = fleet.directory + "/\(node)/data/operations/attempts.jsonl"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let started = object["started"] as? [String: Any], let id = started["_0"] as? [String: Any],
                  let step = id["step"] as? Int, let attempt = id["attempt"] as? Int else { return nil }
            return "\(step)/\(attempt)"
        }
    }

    @Test("op run; the coordinator killed mid-way → the next one finishes it; every step ran once")
    func coordinatorKilledMidOperation() throws {
        let (fleet, coordinator) = try startFleet()
        defer { fleet.stop() }
        let targets = names.filter { $0 != coordinator }.prefix(3).map { $0 }
        let plan = try writePlan(fleet, targets: targets)
        let asker = targets.last!
        let run = try fleet.admin(asker, ["op", "run", plan, "--id", "u1"])
        try #require(run.status == 0, "op run: \(run)")
        // Mid-way: the first node done, the second at work.
        try #require(fleet.eventually(timeout: .seconds(30)) {
            (try? String(contentsOfFile: fleet.directory + "/stamps-\(targets[1])", encoding: .utf8)) != nil
        }, "the second node never started: \(status(fleet, on: asker, id: "u1") ?? [:])")
        fleet.signal(coordinator, SIGKILL)
        let started = ContinuousClock.now
        var last: [String: Any] = [:]
        let finished = fleet.eventually(timeout: .seconds(60)) {
            last = status(fleet, on: asker, id: "u1") ?? last
            return last["status"] as? String == "finished"
        }
        #expect(finished, "not finished: \(last)")
        print("operation finished \(ContinuousClock.now - started) after the coordinator was killed")
        for node in targets {
            let stamps = (try? String(contentsOfFile: fleet.directory + "/stamps-\(node)", encoding: .utf8)) ?? ""
            #expect(stamps == "first 1\nsecond 1\n", "\(node): \(stamps)")
            let starts = journalStarts(fleet, node)
            #expect(Set(starts).count == starts.count && starts.count == 3, "\(node) journal: \(starts)")
        }
    }

    @Test("exec on every node: each node's output and exit code; op logs fetches them from the nodes")
    func execAndLogs() throws {
        let (fleet, _) = try startFleet()
        defer { fleet.stop() }
        func exec(_ node: String, _ options: [String], _ command: [String]) throws -> Shell.Result {
            let socket = try #require(fleet.nodes[node]).socketPath
            return try Shell.run([NodeAgentBinary.path, "exec"] + options + ["--socket", socket, "--"] + command, timeout: .seconds(30))
        }
        let ok = try exec("db1", ["--all"], ["/bin/echo", "hello"])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.stdout.components(separatedBy: "hello\n").count - 1 == names.count, "\(ok.stdout)")
        let bad = try exec("app2", ["--nodes", "app1,int1", "--shell"], ["echo out; echo err >&2; exit 3"])
        #expect(bad.status == 2, "a failing exec must exit 2: \(bad)")
        #expect(bad.stdout.contains("exit 3") && bad.stdout.contains("stderr: err"), "\(bad.stdout)")
        // The failed exec was cancelled, so the fleet takes the next operation at once.
        #expect(try exec("int2", ["--role", "app"], ["/bin/true"]).status == 0)
        let listed = try fleet.admin("db1", ["op", "status", "--json"])
        let operations = (try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(operations.map { $0["status"] as? String } == ["finished", "cancelled", "finished"], "\(listed)")
        let table = try fleet.admin("int1", ["op", "list"]).stdout.split(separator: "\n")
        #expect(table.count == 4 && table[2].contains("cancelled") && table[2].contains("0/2"), "op list: \(table)")
        let id = try #require(operations.first?["id"] as? String)
        let logs = try fleet.admin("app1", ["op", "logs", id, "--node", "int2", "--json"])
        let entries = (try? JSONSerialization.jsonObject(with: Data(logs.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(entries.count == 1 && entries.first?["standardOutput"] as? String == "hello\n" && entries.first?["exitCode"] as? Int == 0,
                "\(logs)")
    }

    @Test("an agent killed while its step runs → the step's outcome is unknown → halt; op resume --skip-step finishes")
    func unknownOutcomeHaltsForTheOperator() throws {
        let (fleet, coordinator) = try startFleet()
        defer { fleet.stop() }
        let target = names.first { $0 != coordinator }!
        let path = fleet.directory + "/plan.toml"
        try """
        name = "risky"
        [targets]
        nodes = ["\(target)"]
        [health]
        min_healthy_ms = 100
        [[steps]]
        name = "migrate"
        argv = ["/bin/sleep", "3"]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try #require(try fleet.admin(coordinator, ["op", "run", path, "--id", "r1"]).status == 0)
        try #require(fleet.eventually(timeout: .seconds(20)) { journalStarts(fleet, target) == ["0/1"] }, "the step never started")
        fleet.signal(target, SIGKILL)
        usleep(200_000)
        try fleet.start(target)
        var last: [String: Any] = [:]
        let halted = fleet.eventually(timeout: .seconds(30)) {
            last = status(fleet, on: coordinator, id: "r1") ?? last
            return last["status"] as? String == "halted"
        }
        #expect(halted, "not halted: \(last)")
        #expect((last["reason"] as? String)?.contains("--skip-step") == true, "\(last)")
        let resumed = try fleet.admin(coordinator, ["op", "resume", "r1", "--skip-step"])
        #expect(resumed.status == 0, "\(resumed)")
        let finished = fleet.eventually(timeout: .seconds(30)) {
            last = status(fleet, on: coordinator, id: "r1") ?? last
            return last["status"] as? String == "finished"
        }
        #expect(finished, "not finished after --skip-step: \(last)")
        #expect(journalStarts(fleet, target) == ["0/1"], "the step that may have run was started again")
    }
}
