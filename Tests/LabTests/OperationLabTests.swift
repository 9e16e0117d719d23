#if os(Linux)
import Foundation
import Testing

/// Fleet operations on the VIP lab: the seed's update of both pairs as one `nodeagent op run`, with a
/// client on each VIP the whole time — run through, its coordinator killed, a node failing its health
/// gate, cancelled mid-way, and a node cut off mid-step.
extension LabSuite {
@Suite struct OperationLabTests {
    /// The stand-in service's update, as the seed's steps do it with containers: stop it (it answers
    /// 503), back up its version, replace it, start it; on failure, restore the backup and start it.
    /// `slow` makes one node's "replace" step last that many seconds; `leftFailing` is a node whose
    /// "start" step leaves the service failing (a real failure: its health check keeps failing). The
    /// Ansible benchmark runs the same steps (`AnsibleLab.playbook`) and sets `handBack` and `version`.
    static func plan(labDirectory: String, targets: String = #"groups = ["app", "int"]"#, deadlineMilliseconds: Int = 30_000,
                     slow: (node: String, seconds: Int)? = nil, leftFailing: String? = nil,
                     handBack: String = "stay", version: String = "v2", name: String = "pairs-update") -> String {
        let flag = labDirectory + "/{node}-http-failing"
        let replace = slow.map { "if [ {node} = \($0.node) ]; then sleep \($0.seconds); fi; " } ?? ""
        let start = leftFailing.map { "shell = \"if [ {node} != \($0) ]; then rm -f \(flag); fi\"" }
            ?? "argv = [\"/bin/rm\", \"-f\", \"\(flag)\"]"
        return """
        name = "\(name)"
        [targets]
        \(targets)
        [strategy]
        batch = "serial"
        [health]
        min_healthy_ms = 1000
        deadline_ms = \(deadlineMilliseconds)
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
        shell = "\(replace)echo \(version) > \(flag)-version"
        idempotent = true
        [[steps]]
        name = "start"
        \(start)
        idempotent = true
        [[on_failure]]
        name = "restore"
        shell = "cp \(flag)-backup \(flag)-version; rm -f \(flag)"
        idempotent = true
        """
    }

    /// The index of the plan's on_failure step "restore" in a node's journal (after the four steps).
    static let restoreStep = 4

    @Test func updateOfBothPairsAnswersEveryRequest() async throws {
        let run = try await OperationFleet.start()
        defer { run.stop() }
        let path = try run.writePlan(Self.plan(labDirectory: run.fleet.lab.directory), as: "pairs-update")
        let began = ContinuousClock.now
        try run.op(["run", path, "--id", "lab-update"])
        let last = try await run.waitForEnd("lab-update", timeout: .seconds(180))
        let took = ContinuousClock.now - began
        try await Task.sleep(for: .seconds(1))
        let logs = run.stopClients()
        #expect(last["status"] as? String == "finished", "the operation did not finish: \(last)")
        for group in run.fleet.groups {
            let requests = logs[group.name] ?? []
            try run.expectServed(group, requests, moves: 1, "update of both pairs (took \(took.formatted))")
            #expect(requests.suffix(5).allSatisfy { $0.body.hasSuffix(" v2") }, "\(group.name) does not serve v2 at the end: \(requests.suffix(2).map(\.body))")
        }
        for name in run.fleet.groups.flatMap(\.memberNames) {
            let version = try run.version(name)
            #expect(version == "v2", "\(name) is on \(version)")
        }
        run.expectEachPairServed()
    }

    /// The coordinator SIGKILLed once the first node is done (and restarted a second later, as
    /// systemd would): the next coordinator carries on from the recorded progress, the operation
    /// finishes, and no node's journal started a step twice.
    @Test func coordinatorKilledMidUpdateTheNextFinishesIt() async throws {
        let run = try await OperationFleet.start()
        defer { run.stop() }
        let path = try run.writePlan(Self.plan(labDirectory: run.fleet.lab.directory), as: "pairs-update")
        try run.op(["run", path, "--id", "lab-kill"])
        try await run.waitFor("lab-kill", "a first node done", timeout: .seconds(60)) { status in
            OperationFleet.nodes(status).values.contains { $0["state"] as? String == "done" }
        }
        let victim = try #require(try run.fleet.agent(run.reporter).coordinator())
        try run.fleet.agent(victim).crash()
        let killedAt = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        try run.fleet.agent(victim).start()
        let last = try await run.waitForEnd("lab-kill", timeout: .seconds(180))
        let took = ContinuousClock.now - killedAt
        let logs = run.stopClients()
        #expect(last["status"] as? String == "finished", "the operation did not finish after \(victim) was killed: \(last)")
        print("operations lab: coordinator \(victim) SIGKILLed mid-update; finished \(took.formatted) later; "
            + run.fleet.groups.map { "\($0.name) failed requests \(logs[$0.name, default: []].filter { !$0.ok }.count) of \(logs[$0.name, default: []].count)" }
                .joined(separator: ", "))
        // The victim's journal is its own: it ran nothing twice either, but its agent restarted mid-way.
        try run.expectNoStepRunTwice(except: [victim])
        for name in run.fleet.groups.flatMap(\.memberNames) {
            let version = try run.version(name)
            #expect(version == "v2", "\(name) is on \(version)")
        }
        run.expectEachPairServed()
    }

    /// The node worked on second in the app pair (its VIP holder, handed over to the updated peer first)
    /// is left failing by its "start" step: its HTTP check keeps failing, so the health gate fails at
    /// its 3 s deadline. Then its on_failure step restores it (back on the old version, in service),
    /// the operation halts before the int pair — max_failures is 0 — and `op status` says which node
    /// failed its health gate. The peer serves the VIP throughout: one move, no failed request beyond
    /// the one a move may cost.
    @Test func healthGateFailingOnTheSecondNodeRestoresItAndHalts() async throws {
        let run = try await OperationFleet.start()
        defer { run.stop() }
        let (first, second) = try run.order(AgentLab.app)
        let plan = Self.plan(labDirectory: run.fleet.lab.directory, deadlineMilliseconds: 3_000, leftFailing: second)
        let path = try run.writePlan(plan, as: "gate-fails")
        let began = ContinuousClock.now
        try run.op(["run", path, "--id", "lab-gate"])
        let last = try await run.waitForEnd("lab-gate", timeout: .seconds(60))
        let took = ContinuousClock.now - began
        try await Task.sleep(for: .seconds(2))
        let logs = run.stopClients()
        let text = run.statusText("lab-gate")
        print("operations lab: health gate failing on \(second): ended \(last["status"] as? String ?? "?") after \(took.formatted); op status:\n\(text)")

        #expect(last["status"] as? String == "halted", "the operation did not halt: \(last)")
        let reason = last["reason"] as? String ?? ""
        #expect(reason.contains(second) && reason.contains("health gate") && reason.contains("on_failure steps succeeded"),
                "the reason does not say that \(second) failed its health gate and was restored: \(reason)")
        #expect(text.contains("HALTED") && text.contains("reason: ") && text.contains(second) && text.contains("health gate"),
                "`op status` does not say why it halted:\n\(text)")
        let nodes = OperationFleet.nodes(last)
        #expect(nodes[first]?["state"] as? String == "done", "\(first): \(nodes[first] ?? [:])")
        #expect(nodes[second]?["state"] as? String == "failed", "\(second): \(nodes[second] ?? [:])")
        #expect((nodes[second]?["step"] as? String)?.contains("restore") == true, "\(second)'s on_failure step is not shown: \(nodes[second] ?? [:])")
        for name in AgentLab.int.memberNames {
            #expect(nodes[name]?["state"] as? String == "pending", "\(name) was touched after the failure: \(nodes[name] ?? [:])")
            #expect(try run.version(name) == "v1")
        }

        // The on_failure step ran on that node and restored it: the old version, serving again.
        let starts = try run.journalStarts(second)
        #expect(starts.contains("lab-gate/\(Self.restoreStep)/1"), "\(second)'s journal shows no restore: \(starts)")
        let restored = try run.version(second)
        #expect(restored == "v1", "\(second) was not restored: on \(restored)")
        #expect(try run.fleet.service(second).status() == 200, "\(second)'s service was not started again by on_failure")
        #expect(try run.version(first) == "v2")
        try run.expectNoStepRunTwice()

        // The VIP went to the updated peer before the failing node was touched, and stayed there.
        try run.expectServed(AgentLab.app, logs[AgentLab.app.name] ?? [], moves: 1, "health gate failing on \(second)")
        try run.expectServed(AgentLab.int, logs[AgentLab.int.name] ?? [], moves: 0, "health gate failing on \(second)")
        #expect(try run.fleet.sampler(AgentLab.app).timeline.currentHolders == [first])
        let view = try run.fleet.vipReport(from: run.reporter)
        print("operations lab: after the halt: \(view.summary)")
        run.expectEachPairServed()
    }

    /// `op cancel` while the app pair's second node is in a long step (its first node updated): the
    /// step's process is stopped, not waited for, and the operation ends `cancelled` within seconds.
    /// As `op cancel` documents, VIPs stay where they are, pins too: the app VIP stays on (and pinned
    /// to) the updated node, and the second node stays stopped where its turn was cut — out of service
    /// (its "stop" step ran), on the old version; the int pair untouched. An operator can act on that
    /// at once: a new operation on the second node alone is accepted, finishes, and lifts the pin.
    @Test func cancelMidUpdateLeavesEachPairServing() async throws {
        let run = try await OperationFleet.start()
        defer { run.stop() }
        let (first, second) = try run.order(AgentLab.app)
        let directory = run.fleet.lab.directory
        let path = try run.writePlan(Self.plan(labDirectory: directory, slow: (second, 20)), as: "cancel")
        try run.op(["run", path, "--id", "lab-cancel"])
        try await run.waitFor("lab-cancel", "\(first) done and \(second) in its long step", timeout: .seconds(60)) { status in
            let nodes = OperationFleet.nodes(status)
            return nodes[first]?["state"] as? String == "done" && (nodes[second]?["step"] as? String)?.contains("replace") == true
                && nodes[second]?["detail"] as? String == "in progress"
        }
        let cancelledAt = ContinuousClock.now
        try run.op(["cancel", "lab-cancel"])
        let last = try await run.waitForEnd("lab-cancel", timeout: .seconds(30))
        let took = ContinuousClock.now - cancelledAt
        let text = run.statusText("lab-cancel")
        print("operations lab: cancelled while \(second) ran a 20 s step: ended \(last["status"] as? String ?? "?") \(took.formatted) after `op cancel`; op status:\n\(text)")
        #expect(last["status"] as? String == "cancelled", "the operation did not end cancelled: \(last)")
        #expect(text.contains("CANCELLED"), "`op status` does not say cancelled:\n\(text)")
        #expect(took < .seconds(10), "cancelling took \(took.formatted): the step was waited for, not stopped")
        let attempts = try run.attemptLogs("lab-cancel", node: second, step: "replace")
        #expect(attempts.count == 1 && attempts.first?["outcome"] as? String == "cancelled"
                && (attempts.first?["durationMilliseconds"] as? Int ?? .max) < 20_000,
                "\(second)'s long step was not stopped by the cancel: \(attempts)")

        // What cancel leaves, as designed, and as `op status` shows it.
        let nodes = OperationFleet.nodes(last)
        #expect(nodes[first]?["state"] as? String == "done", "\(first): \(nodes[first] ?? [:])")
        #expect(nodes[second]?["state"] as? String == "cancelled" && (nodes[second]?["step"] as? String)?.contains("replace") == true,
                "\(second) is not shown cut at its step: \(nodes[second] ?? [:])")
        for name in AgentLab.int.memberNames {
            #expect(nodes[name]?["state"] as? String == "pending", "\(name) was touched: \(nodes[name] ?? [:])")
            #expect(try run.version(name) == "v1")
        }
        let view = try run.fleet.vipReport(from: run.reporter)
        print("operations lab: after the cancel: \(view.summary)")
        #expect(view.group(AgentLab.app.name)?.pin == first, "the app pin is not left on \(first): \(view.summary)")
        #expect(view.group(AgentLab.int.name)?.pin == nil, "int was pinned: \(view.summary)")
        #expect(try run.fleet.sampler(AgentLab.app).timeline.currentHolders == [first])
        #expect(try run.fleet.service(second).status() == 503, "\(second) should still be stopped where its turn was cut")
        #expect(try run.version(second) == "v1" && run.version(first) == "v2")

        // The operator finishes the pair with a new operation on the node left stopped.
        let finish = Self.plan(labDirectory: directory, targets: "nodes = [\"\(second)\"]")
        let finishPath = try run.writePlan(finish, as: "finish")
        let finishBegan = ContinuousClock.now
        try run.op(["run", finishPath, "--id", "lab-cancel-finish"])
        let finished = try await run.waitForEnd("lab-cancel-finish", timeout: .seconds(60))
        print("operations lab: the follow-up operation on \(second) ended \(finished["status"] as? String ?? "?") after \((ContinuousClock.now - finishBegan).formatted)")
        #expect(finished["status"] as? String == "finished", "the follow-up operation did not finish: \(finished)")
        #expect(try run.version(second) == "v2" && run.fleet.service(second).status() == 200)
        var pin: String? = first
        for _ in 0..<30 {
            pin = try run.fleet.vipReport(from: run.reporter).group(AgentLab.app.name)?.pin
            if pin == nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(pin == nil, "the follow-up operation did not lift the app pin (\(pin ?? "-"))")
        try await Task.sleep(for: .seconds(1))
        let logs = run.stopClients()
        try run.expectServed(AgentLab.app, logs[AgentLab.app.name] ?? [], moves: 1, "cancel mid-update")
        try run.expectServed(AgentLab.int, logs[AgentLab.int.name] ?? [], moves: 0, "cancel mid-update")
        try run.expectNoStepRunTwice()
        run.expectEachPairServed()
    }

    /// The app pair's first node (the standby) cut off the bridge for 10 s while a 6 s step runs on
    /// it, so the step ends while nobody can hear the node. The design: the coordinator keeps asking
    /// (every 5 s) and only gives the outcome up as unknown after the step's timeout plus 60 s
    /// (`ConductorTimeouts.unreachable`), so a node back within that carries on — its journal answers
    /// what happened, nothing is run again — and the operation finishes. Meanwhile the owner keeps
    /// serving the VIP (every request of the cut answered by it), never two holders.
    @Test func nodeCutOffMidStepTheOperationFinishesOnceItIsBack() async throws {
        let run = try await OperationFleet.start()
        defer { run.stop() }
        let (first, second) = try run.order(AgentLab.app)
        let path = try run.writePlan(Self.plan(labDirectory: run.fleet.lab.directory, slow: (first, 6)), as: "cut")
        let began = ContinuousClock.now
        try run.op(["run", path, "--id", "lab-cut"])
        try await run.waitFor("lab-cut", "\(first) in its long step", timeout: .seconds(60)) { status in
            let node = OperationFleet.nodes(status)[first]
            return (node?["step"] as? String)?.contains("replace") == true && node?["detail"] as? String == "in progress"
        }
        let node = try run.fleet.lab.node(first)
        let cutAt = ContinuousClock.now, cutBoot = BootClock.nanoseconds()
        try run.fleet.lab.cut(node)
        var during: [String: Any] = [:]
        do {
            try await Task.sleep(for: .seconds(10))
            during = run.status("lab-cut") ?? [:]
        } catch {
            try? run.fleet.lab.heal(node)
            throw error
        }
        try run.fleet.lab.heal(node)
        let healedAt = ContinuousClock.now, healBoot = BootClock.nanoseconds()
        try await run.waitFor("lab-cut", "\(first)'s long step recorded once it is back", timeout: .seconds(30)) { status in
            let node = OperationFleet.nodes(status)[first]
            return !((node?["step"] as? String)?.contains("replace") == true && node?["detail"] as? String == "in progress")
        }
        let learned = ContinuousClock.now - healedAt
        let last = try await run.waitForEnd("lab-cut", timeout: .seconds(75))
        let ended = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        let logs = run.stopClients()
        print("operations lab: \(first) cut off \((healedAt - cutAt).formatted) mid-step: its step's outcome learned \(learned.formatted) after the heal; "
            + "the operation ended \(last["status"] as? String ?? "?") \((ended - healedAt).formatted) after the heal, \((ended - began).formatted) in all; status during the cut: "
            + "\(during["status"] as? String ?? "?"), \(first) \(OperationFleet.nodes(during)[first] ?? [:])")

        let cutNode = OperationFleet.nodes(during)[first]
        #expect(during["status"] as? String == "running" && cutNode?["state"] as? String == "running",
                "while \(first) was cut off the operation should wait for it: \(during)")
        #expect(last["status"] as? String == "finished", "the operation did not finish after \(first) came back: \(last)")
        try run.expectNoStepRunTwice()
        for name in run.fleet.groups.flatMap(\.memberNames) {
            let version = try run.version(name)
            #expect(version == "v2", "\(name) is on \(version)")
        }

        // The owner served the app VIP alone while its peer was cut off.
        let app = logs[AgentLab.app.name] ?? []
        let window = app.filter { $0.nanoseconds >= cutBoot && $0.nanoseconds <= healBoot }
        let answerers = Set(window.map { run.answerer($0) ?? $0.body })
        print("operations lab: during the cut: \(window.count) app requests, \(window.filter { !$0.ok }.count) failed, answered by \(answerers.sorted())")
        #expect(window.count > 100 && answerers == [second], "the app VIP was not served by \(second) alone during the cut: \(answerers)")
        try run.expectServed(AgentLab.app, app, moves: 1, "\(first) cut off mid-step")
        try run.expectServed(AgentLab.int, logs[AgentLab.int.name] ?? [], moves: 1, "\(first) cut off mid-step")
        run.expectEachPairServed()
    }
}
}
#endif
