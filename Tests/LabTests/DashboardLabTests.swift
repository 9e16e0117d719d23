#if os(Linux)
import Foundation
import Testing

/// The dashboard in a real headless Chromium (Debian's), against the lab fleet with real keepalived:
/// the page shows every node, the coordinator and the VIP groups with their holders; fail the app
/// owner's service and the page shows the VIP on its peer; kill an agent and the page shows it dead.
/// Chromium runs inside a node's namespace and reads that node's loopback listener, as a person at the
/// node (or behind an SSH tunnel) would. The screenshots are kept and their paths printed.
extension LabSuite {
@Suite struct DashboardLabTests {
    static let port = 7949

    /// Chromium, when installed.
    static var chromium: String? { ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile) }

    /// Where the screenshots stay after the lab is gone.
    static let artifacts: String = {
        let directory = NSTemporaryDirectory() + "nodeagent-dashboard-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }()

    func page(_ fleet: AgentLab, from node: String) throws -> String {
        try fleet.lab.run(in: try fleet.lab.node(node), [Self.chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=4000",
                                                         "--dump-dom", "http://127.0.0.1:\(Self.port)/"], timeout: .seconds(60)).output
    }

    func screenshot(_ fleet: AgentLab, from node: String, _ name: String) throws -> String {
        let path = Self.artifacts + "/\(name).png"
        _ = try fleet.lab.run(in: try fleet.lab.node(node), [Self.chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                             "--window-size=1500,950", "--virtual-time-budget=4000", "--screenshot=\(path)",
                                                             "http://127.0.0.1:\(Self.port)/"], timeout: .seconds(60))
        #expect(FileManager.default.fileExists(atPath: path), "no screenshot at \(path)")
        return path
    }

    /// Polls the rendered page until `condition` holds for its DOM.
    func waitForPage(_ fleet: AgentLab, from node: String, _ what: String, timeout: Duration, _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try page(fleet, from: node)
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw LabError.timedOut("the dashboard to show \(what); last page: \(last.suffix(3000))")
    }

    @Test func theDashboardShowsTheFleetTheVIPMovingAndADeadNode() async throws {
        try LabGate.requireVIPAgent()
        if CPULoad.isRequested {
            print("LabTests: the dashboard runs in the first pass only, not beside LAB_CPU_LOAD")
            return
        }
        guard Self.chromium != nil else {
            if LabGate.isCI { throw LabError.unavailable("chromium is not installed (apt-get install chromium) — required because CI=true") }
            print("LabTests skipped: chromium is not installed")
            return
        }
        let fleet = try AgentLab(httpLoopbackPort: Self.port)
        defer { fleet.stop() }
        try await fleet.start()
        let group = AgentLab.app
        let (sampler, owner, peer) = try await fleet.settledPair(group)
        let viewer = "db1"

        let first = try await waitForPage(fleet, from: viewer, "every node alive and the app VIP on \(owner)", timeout: .seconds(20)) { dom in
            AgentLab.nodeNames.allSatisfy { dom.contains("data-node=\"\($0)\" data-status=\"alive\"") }
                && dom.contains("data-group=\"app\" data-holder=\"\(owner)\"") && dom.contains("coordinator")
        }
        #expect(first.contains("data-group=\"int\""))
        print("dashboard: all seven nodes alive, app on \(owner): \(try screenshot(fleet, from: viewer, "1-fleet"))")

        try fleet.service(owner).fail()
        let failedAt = ContinuousClock.now
        _ = try await sampler.waitFor("the app VIP on \(peer)", since: failedAt, timeout: .seconds(10)) { $0 == [peer] }
        _ = try await waitForPage(fleet, from: viewer, "the app VIP on \(peer)", timeout: .seconds(20)) { dom in
            dom.contains("data-group=\"app\" data-holder=\"\(peer)\"")
        }
        print("dashboard: the app VIP moved to \(peer) after \(owner)'s service failed, \((ContinuousClock.now - failedAt).formatted) to the page: "
              + "\(try screenshot(fleet, from: viewer, "2-vip-moved"))")
        // /metrics moved with the fleet: the failing probes of the owner's check, their durations, and
        // the app group's grant changes (logged by whichever node coordinates).
        var metrics = ""
        for node in ["app1", "app2", "int1", "int2", "db1"] {
            metrics += (try? fleet.lab.run(in: try fleet.lab.node(node), ["/usr/bin/curl", "-s", "-m", "5", "http://127.0.0.1:\(Self.port)/metrics"],
                                           timeout: .seconds(10)).output) ?? ""
        }
        #expect(metrics.contains("nodeagent_check_results_total{check=\"web\",result=\"fail\"}")
                || metrics.contains("nodeagent_check_results_total{result=\"fail\",check=\"web\"}"), "no failed probe counted")
        #expect(metrics.contains("nodeagent_check_duration_seconds_count"), "no probe duration recorded")
        #expect(metrics.contains("nodeagent_vip_changes_total{group=\"app\"") || metrics.contains("group=\"app\",event=\"vip_"),
                "no grant change of the app group counted")

        let victim = "int2"
        try fleet.agent(victim).crash()
        let killedAt = ContinuousClock.now
        _ = try await waitForPage(fleet, from: viewer, "\(victim) dead", timeout: .seconds(30)) { dom in
            dom.contains("data-node=\"\(victim)\" data-status=\"dead\"")
        }
        print("dashboard: \(victim) dead on the page \((ContinuousClock.now - killedAt).formatted) after its agent was killed: "
              + "\(try screenshot(fleet, from: viewer, "3-node-dead"))")
        try fleet.service(owner).recover()
    }
}
}
#endif
