#if os(Linux)
import Foundation

/// What the scenarios ask of the agent lab: the agents' VIP view and levers, and the VIP as the
/// interfaces show it.
extension AgentLab {
    /// `nodeagent vip --json` of `name` (default: the first running agent).
    func vipReport(from name: String? = nil) throws -> AgentVIPReport {
        let asked = try name.map { try agent($0) } ?? AgentLab.nodeNames.compactMap { agents[$0] }.first { $0.isRunning }
        guard let asked else { throw LabError.invalidRequest("no running agent to ask") }
        let result = try asked.admin(["vip", "--json", "--timeout", "2"], timeout: .seconds(5)).check()
        return try AgentVIPReport.decode(result.output)
    }

    /// Runs an operator command (`vip pin app app1` …) on `name`'s agent; throws if it fails.
    @discardableResult
    func vipCommand(_ arguments: [String], on name: String) throws -> CommandResult {
        try agent(name).admin(["vip"] + arguments + ["--timeout", "5"], timeout: .seconds(10)).check()
    }

    /// Waits until `node` alone has held `group`'s VIP for `steady`, and returns when that began.
    @discardableResult
    func waitUntilSettled(_ group: LabVIPGroup, on node: String, steady: Duration = .milliseconds(500),
                          timeout: Duration = .seconds(20)) async throws -> ContinuousClock.Instant {
        let sampler = try sampler(group)
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - .now
            let start = try await sampler.waitFor("\(node) alone holding \(group.vip)", timeout: remaining) { $0 == [node] }
            let end = try await sampler.waitFor("\(steady) more of sampling", since: start.at + steady,
                                                timeout: max(remaining, steady * 2)) { _ in true }
            if sampler.timeline.samples.allSatisfy({ $0.at < start.at || $0.at > end.at || $0.holders == [node] }) {
                return start.at
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("\(node) to hold \(group.vip) steadily for \(steady)")
            }
        }
    }

    /// Waits for exactly one holder of `group`'s VIP, steady for `steady`, and returns its name.
    func settledHolder(_ group: LabVIPGroup, steady: Duration = .milliseconds(500),
                       timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - .now
            let sample = try await sampler(group).waitFor("one holder of \(group.vip)", timeout: remaining) { $0.count == 1 }
            let holder = sample.holders[0]
            // The VIP may still be on its way elsewhere (keepalived elects before the agents grant).
            let settled = try? await waitUntilSettled(group, on: holder, steady: steady,
                                                      timeout: min(deadline - .now, steady + .seconds(5)))
            if settled != nil { return holder }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("one steady holder of \(group.vip) (\(path(group, since: deadline - timeout)))")
            }
        }
    }

    /// Where every scenario starts: the group's sampler, the member that holds the VIP steadily and is
    /// granted it, and the other member of the pair.
    func settledPair(_ group: LabVIPGroup) async throws -> (sampler: VIPSampler, owner: String, peer: String) {
        let sampler = try sampler(group)
        let owner = try await settledHolder(group)
        let peer = try group.peer(of: owner)
        try await waitForGrant(group, to: owner)
        return (sampler, owner, peer)
    }

    /// Waits until `name`'s agent reports `group` granted to `holder` (any agent when `name` is nil).
    @discardableResult
    func waitForGrant(_ group: LabVIPGroup, to holder: String, asking name: String? = nil,
                      timeout: Duration = .seconds(10)) async throws -> AgentVIPReport.Group {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while true {
            if let report = try? vipReport(from: name), let view = report.group(group.name) {
                if view.grantHolder == holder { return view }
                last = report.summary
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("\(group.name) granted to \(holder) (last view: \(last))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The holders seen at or after `since` (each distinct set once, in order): the VIP's path.
    func path(_ group: LabVIPGroup, since: ContinuousClock.Instant) -> String {
        guard let timeline = samplers[group.name]?.timeline else { return "no sampler for \(group.name)" }
        guard let first = timeline.samples.first(where: { $0.at >= since }) else { return "no samples" }
        var steps: [String] = []
        var previous: [String]? = nil
        for sample in timeline.samples where sample.at >= since && sample.holders != previous {
            steps.append("+\((sample.at - first.at).formatted) \(sample.holders.isEmpty ? "nobody" : sample.holders.joined(separator: "+"))")
            previous = sample.holders
        }
        return steps.joined(separator: " → ")
    }
}
#endif

extension AgentLab {
    /// Waits until the agents (as `asking` sees them) report `node`'s checks for `group` as `healthy`.
    func waitForHealth(_ group: LabVIPGroup, of node: String, healthy: Bool, asking: String? = nil,
                       timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while true {
            if let report = try? vipReport(from: asking), let view = report.group(group.name) {
                if view.member(node)?.healthy == healthy { return }
                last = report.summary
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("\(node) reported \(healthy ? "healthy" : "failing") in \(group.name) (last view: \(last))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits until `since + span` has been sampled and returns the holder sets seen from `since` on.
    func holders(_ group: LabVIPGroup, during span: Duration, from since: ContinuousClock.Instant = .now) async throws -> [[String]] {
        let sampler = try sampler(group)
        _ = try await sampler.waitFor("\(span) of sampling", since: since + span, timeout: span + .seconds(3)) { _ in true }
        return sampler.timeline.samples.filter { $0.at >= since && $0.at <= since + span }.map(\.holders)
    }

    /// The group none of whose members is `node` (first such), for a scenario that must not disturb
    /// the node it kills.
    func group(without node: String) throws -> LabVIPGroup {
        guard let group = groups.first(where: { !$0.memberNames.contains(node) }) else {
            throw LabError.invalidRequest("every group has \(node) as a member")
        }
        return group
    }
}
