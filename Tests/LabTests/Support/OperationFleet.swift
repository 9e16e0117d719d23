#if os(Linux)
import Foundation
import Testing

/// Where every operations scenario starts, and what they all ask: the agent lab's fleet with both
/// pairs settled, a client on each VIP (from db1, as the issue describes one) and a watch on every
/// stand-in service; the `op` commands as an operator on a db node types them; and the checks every
/// scenario makes on what the clients saw.
final class OperationFleet {
    let fleet: AgentLab
    /// One client per VIP group, by group name.
    let clients: [String: VIPClient]
    let watch: ServiceWatch
    /// Each group's holder once the fleet settled: the member an update works on last.
    let owners: [String: String]
    /// The agent that starts and steers operations, and the one asked for their status (an operator's
    /// view from another node than the one that started it).
    let runner = "db2"
    let reporter = "db3"

    private init(fleet: AgentLab, clients: [String: VIPClient], watch: ServiceWatch, owners: [String: String]) {
        self.fleet = fleet
        self.clients = clients
        self.watch = watch
        self.owners = owners
    }

    /// Starts the fleet, waits until both pairs are settled, then the clients and the watch, and lets
    /// the clients run a second before anything happens.
    static func start() async throws -> OperationFleet {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        do {
            try await fleet.start()
            var owners: [String: String] = [:]
            for group in fleet.groups { owners[group.name] = try await fleet.settledPair(group).owner }
            let observer = try fleet.lab.node("db1")
            var clients: [String: VIPClient] = [:]
            for group in fleet.groups { clients[group.name] = try VIPClient(lab: fleet.lab, from: observer, vip: group.vip) }
            let watch = try ServiceWatch(fleet)
            watch.start()
            for client in clients.values { try client.start() }
            try await Task.sleep(for: .seconds(1))
            return OperationFleet(fleet: fleet, clients: clients, watch: watch, owners: owners)
        } catch {
            fleet.stop()
            throw error
        }
    }

    func stop() {
        watch.stop()
        for client in clients.values { client.stop() }
        fleet.stop()
    }

    /// The member of `group` worked on first (not holding the VIP) and last (its holder).
    func order(_ group: LabVIPGroup) throws -> (first: String, second: String) {
        let second = try #require(owners[group.name], "no holder of \(group.name) recorded")
        return (try group.peer(of: second), second)
    }

    // MARK: - Operations

    /// Writes a plan into the lab's directory and returns its path.
    func writePlan(_ text: String, as name: String) throws -> String {
        let path = fleet.lab.directory + "/\(name).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `nodeagent op ARGUMENTS` on the runner's agent; throws when it fails.
    @discardableResult
    func op(_ arguments: [String]) throws -> CommandResult {
        try fleet.agent(runner).admin(["op"] + arguments + ["--timeout", "10"], timeout: .seconds(20)).check()
    }

    /// `op status ID --json` as the reporter answers it (nil: no answer).
    func status(_ id: String) -> [String: Any]? {
        Self.status(fleet, on: reporter, id: id)
    }

    /// `op status ID --json` as `node` answers it in any agent lab (nil: no answer).
    static func status(_ fleet: AgentLab, on node: String, id: String) -> [String: Any]? {
        guard let result = try? fleet.agent(node).admin(["op", "status", id, "--json", "--timeout", "2"], timeout: .seconds(5)),
              result.status == 0, let start = result.output.firstIndex(of: "["),
              let list = try? JSONSerialization.jsonObject(with: Data(result.output[start...].utf8)) as? [[String: Any]] else { return nil }
        return list.first
    }

    /// `op status ID` as an operator reads it.
    func statusText(_ id: String) -> String {
        (try? fleet.agent(reporter).admin(["op", "status", id, "--timeout", "2"], timeout: .seconds(5)).output) ?? "no answer"
    }

    /// A status's nodes by name.
    static func nodes(_ status: [String: Any]) -> [String: [String: Any]] {
        var nodes: [String: [String: Any]] = [:]
        for node in status["nodes"] as? [[String: Any]] ?? [] {
            if let name = node["name"] as? String { nodes[name] = node }
        }
        return nodes
    }

    /// Polls the operation's status every 100 ms until `condition` holds; throws with the last status.
    @discardableResult
    func waitFor(_ id: String, _ what: String, timeout: Duration,
                 until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = status(id) ?? last
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LabError.timedOut("\(id): \(what) (last status: \(last))")
    }

    /// Polls the operation's status every 250 ms until it has ended (finished, cancelled) or stopped
    /// for the operator (halted), or `timeout` passed; returns the last status either way.
    func waitForEnd(_ id: String, timeout: Duration) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            last = status(id) ?? last
            if let status = last["status"] as? String, ["finished", "halted", "cancelled"].contains(status) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        return last
    }

    /// `op logs ID --node NODE --step STEP --json`: the attempts and what their node kept.
    func attemptLogs(_ id: String, node: String, step: String) throws -> [[String: Any]] {
        let output = try op(["logs", id, "--node", node, "--step", step, "--json"]).output
        guard let start = output.firstIndex(of: "["),
              let list = try JSONSerialization.jsonObject(with: Data(output[start...].utf8)) as? [[String: Any]] else {
            throw LabError.invalidRequest("no JSON list in `op logs`: \(output.prefix(300))")
        }
        return list
    }

    // MARK: - Nodes

    /// The version `name`'s service answers with: its version file, "v1" without one.
    func version(_ name: String) throws -> String {
        let text = try? String(contentsOfFile: try fleet.service(name).flagFile + "-version", encoding: .utf8)
        return text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "v1"
    }

    /// Every attempt `name`'s journal started, as "operation/step/attempt" (steps counted from 0,
    /// on_failure steps after the plan's steps).
    func journalStarts(_ name: String) throws -> [String] {
        let path = try fleet.agent(name).files.dataDirectory + "/operations/attempts.jsonl"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let started = object["started"] as? [String: Any], let id = started["_0"] as? [String: Any],
                  let operation = id["operation"] as? String, let step = id["step"] as? Int,
                  let attempt = id["attempt"] as? Int else { return nil }
            return "\(operation)/\(step)/\(attempt)"
        }
    }

    /// Expects that no node's journal started a step of an operation twice.
    func expectNoStepRunTwice(except excused: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for name in fleet.groups.flatMap(\.memberNames) where !excused.contains(name) {
            let starts = try journalStarts(name)
            #expect(Set(starts.map { $0.split(separator: "/").dropLast().joined(separator: "/") }).count == starts.count,
                    "\(name) started a step twice: \(starts)", sourceLocation: sourceLocation)
        }
    }

    /// Expects that no pair ever had both members out of service at once (their flag files).
    func expectEachPairServed(sourceLocation: SourceLocation = #_sourceLocation) {
        print("operations lab: \(watch.summary)")
        for group in fleet.groups {
            let longest = watch.longestAllOut(group.name)
            #expect(longest == .zero, "every member of \(group.name) was out of service at once, for up to \(longest.formatted)",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: - Clients

    /// Stops the clients and returns what each saw, by group name.
    func stopClients() -> [String: [VIPClient.Request]] {
        var logs: [String: [VIPClient.Request]] = [:]
        for (group, client) in clients {
            logs[group] = client.requests
            client.stop()
        }
        return logs
    }

    /// The node whose address answered a request ("ok ADDRESS VERSION"), nil for a failure.
    func answerer(_ request: VIPClient.Request) -> String? {
        guard request.ok, let address = request.body.split(separator: " ").dropFirst().first else { return nil }
        return fleet.lab.nodes.first { $0.address == address }?.name ?? String(address)
    }

    /// What one VIP's client saw, checked as every scenario checks it: the client ran; the VIP moved
    /// exactly `moves` times (counted from answered requests); no sampled instant had two holders. A
    /// request in flight at the instant the address moves can fail (seen: reset by the new holder,
    /// which has no such connection; or unanswered for 2 s — a finding about keepalived handovers, not
    /// solved yet): so at most one failed request per move, at a move; any other failure fails the
    /// scenario. Prints the figures; returns the number of failed requests.
    @discardableResult
    func expectServed(_ group: LabVIPGroup, _ requests: [VIPClient.Request], moves expected: Int, _ scenario: String,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let failed = requests.filter { !$0.ok }
        let slowest = requests.map(\.milliseconds).max() ?? 0
        let answered = requests.compactMap(answerer)
        let moves = zip(answered, answered.dropFirst()).filter { $0 != $1 }.count
        var path: [String] = []
        for request in requests {
            let step = answerer(request).map { "\($0) \(request.body.split(separator: " ").last ?? "")" } ?? request.body
            if path.last != step { path.append(step) }
        }
        print("operations lab: \(scenario): \(group.name) VIP: \(requests.count) requests, \(failed.count) failed, "
            + "max latency \(String(format: "%.1f", slowest)) ms, answerer changed \(moves) time(s): \(path.joined(separator: " → "))")
        #expect(requests.count > 100, "\(group.name): the client hardly ran (\(requests.count) requests)", sourceLocation: sourceLocation)
        #expect(failed.count <= moves,
                "\(group.name): failed requests: \(failed.prefix(5).map { "\($0.body) after \($0.milliseconds) ms" })",
                sourceLocation: sourceLocation)
        for failure in failed {
            guard let index = requests.firstIndex(where: { $0.nanoseconds == failure.nanoseconds }) else { continue }
            let before = requests[..<index].compactMap(answerer).last
            let after = requests[(index + 1)...].lazy.compactMap(answerer).first
            #expect(before != after, "\(group.name): a failed request away from any VIP move: \(failure.body)",
                    sourceLocation: sourceLocation)
        }
        #expect(moves == expected, "\(group.name): the VIP moved \(moves) times, expected \(expected): \(path.joined(separator: " → "))",
                sourceLocation: sourceLocation)
        #expect(try fleet.sampler(group).timeline.maxHolders() <= 1, "two holders of \(group.vip): \(fleet.path(group, since: .now - .seconds(600)))",
                sourceLocation: sourceLocation)
        return failed.count
    }
}
#endif
