#if os(Linux)
import Foundation
import Testing

/// What the fault scenarios need of the agent lab beyond the VIP scenarios' helpers: the quorum's view,
/// bounded pauses of an agent, and one measurement of every group over the span of a fault.
extension AgentLab {
    /// `nodeagent coordinator --json` as the lab reads it (unknown fields ignored).
    struct CoordinatorView: Decodable, Sendable {
        var node: String
        var role: String
        var term: UInt64
        var coordinator: String?
        var commitIndex: UInt64
        var appliedIndex: UInt64
        var lastLogIndex: UInt64
        var configVersion: UInt64?
    }

    /// `name`'s quorum view; throws when the agent does not answer within 2 s.
    func coordinatorView(_ name: String) throws -> CoordinatorView {
        let result = try agent(name).admin(["coordinator", "--json", "--timeout", "2"], timeout: .seconds(5)).check()
        guard let start = result.output.firstIndex(of: "{") else {
            throw LabError.invalidRequest("no JSON in `nodeagent coordinator --json`: \(result.output.prefix(300))")
        }
        return try JSONDecoder().decode(CoordinatorView.self, from: Data(result.output[start...].utf8))
    }

    /// SIGSTOPs `name`'s agent for `span`, then SIGCONTs it (also when the wait is cancelled); returns
    /// when it was stopped and when continued.
    func pauseAgent(_ name: String, for span: Duration) async throws -> (pausedAt: ContinuousClock.Instant, resumedAt: ContinuousClock.Instant) {
        let agent = try agent(name)
        let pausedAt = ContinuousClock.now
        try agent.pause()
        do {
            try await Task.sleep(until: pausedAt + span, clock: .continuous)
        } catch {
            agent.resume()
            throw error
        }
        agent.resume()
        return (pausedAt, .now)
    }

    /// A running agent other than `excluded`, to ask while those are stopped or paused.
    func bystander(besides excluded: [String]) throws -> String {
        guard let name = AgentLab.nodeNames.first(where: { !excluded.contains($0) && agents[$0]?.isRunning == true }) else {
            throw LabError.invalidRequest("no running agent besides \(excluded)")
        }
        return name
    }

    /// The groups `node` is a member of: the only ones a fault of that node may disturb.
    func groups(touchedBy nodes: [String]) -> Set<String> {
        Set(groups.filter { !Set($0.memberNames).isDisjoint(with: nodes) }.map(\.name))
    }

    /// One group over the span of a fault, from the 10 ms samples.
    struct FaultFigures: Sendable {
        var group: String
        var dual: Duration
        var maxHolders: Int
        var noHolder: Duration
        var longestGap: Duration
        var moves: [(at: ContinuousClock.Instant, holders: [String])]
        var path: String

        var line: String {
            "\(group): dual \(Int((dual.seconds * 1000).rounded())) ms, longest gap \(Int((longestGap.seconds * 1000).rounded())) ms, no holder \(noHolder.formatted), \(moves.count) move(s) (\(path))"
        }
    }

    /// Waits until [from, to] has been sampled and returns every group's figures over it.
    func figures(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) async throws -> [String: FaultFigures] {
        var result: [String: FaultFigures] = [:]
        for group in groups {
            let sampler = try sampler(group)
            _ = try await sampler.waitFor("sampling up to the end of the fault window", since: end,
                                          timeout: max(end - .now, .zero) + .seconds(3)) { _ in true }
            let line = sampler.timeline
            let window = VIPTimeline(samples: line.samples.filter { $0.at >= start && $0.at <= end })
            result[group.name] = FaultFigures(
                group: group.name, dual: line.dualHolderTime(from: start, to: end),
                maxHolders: window.maxHolders(), noHolder: line.noHolderTime(from: start, to: end),
                longestGap: line.longestNoHolder(from: start, to: end), moves: line.moves(from: start, to: end),
                path: path(group, since: start, until: end))
        }
        return result
    }

    /// `path(group, since:)` cut at `until`.
    func path(_ group: LabVIPGroup, since start: ContinuousClock.Instant, until end: ContinuousClock.Instant) -> String {
        guard let timeline = samplers[group.name]?.timeline else { return "no sampler for \(group.name)" }
        let window = timeline.samples.filter { $0.at >= start && $0.at <= end }
        guard let first = window.first else { return "no samples" }
        var steps: [String] = []
        var previous: [String]?
        for sample in window where sample.holders != previous {
            steps.append("+\((sample.at - first.at).formatted) \(sample.holders.isEmpty ? "nobody" : sample.holders.joined(separator: "+"))")
            previous = sample.holders
        }
        return steps.joined(separator: " → ")
    }

    /// The invariants of every fault, over [from, to], printed as `agent lab:` lines: never two holders
    /// in any group; in a group the fault touched, no stretch without a holder longer than `maxGap`; in
    /// every other group (and in `kept` groups even when touched) the VIP never left its holder — 0 ms
    /// without one and no move.
    @discardableResult
    func expectInvariants(_ scenario: String, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant,
                          touched: Set<String>, maxGap: Duration, kept: Set<String> = [],
                          sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: FaultFigures] {
        let all = try await figures(from: start, to: end)
        for group in groups {
            guard let figures = all[group.name] else { continue }
            let mustKeep = kept.contains(group.name) || !touched.contains(group.name)
            print("agent lab: \(scenario) — \(mustKeep ? "kept" : "touched") \(figures.line)")
            #expect(figures.maxHolders <= 1,
                    "\(scenario): two holders of \(group.name) for \(figures.dual.formatted): \(figures.path)",
                    sourceLocation: sourceLocation)
            if mustKeep {
                #expect(figures.noHolder == .zero && figures.moves.isEmpty,
                        "\(scenario): \(group.name) should have kept its holder, but was without one for \(figures.noHolder.formatted) (longest \(figures.longestGap.formatted)) and moved \(figures.moves.count) time(s): \(figures.path)",
                        sourceLocation: sourceLocation)
            } else {
                #expect(figures.longestGap <= maxGap,
                        "\(scenario): \(group.name) without a holder for \(figures.longestGap.formatted) at a stretch (bound \(maxGap.formatted)): \(figures.path)",
                        sourceLocation: sourceLocation)
            }
        }
        return all
    }

    /// Runs one scenario of a shared fleet: a scenario that throws is recorded as a failure with the
    /// agents' and keepalived's log tails, and the next scenario still runs (each starts by waiting for
    /// its own settled state). Returns how long the scenario took.
    @discardableResult
    func scenario(_ name: String, sourceLocation: SourceLocation = #_sourceLocation,
                  _ body: () async throws -> Void) async -> Duration {
        let began = ContinuousClock.now
        do {
            try await body()
        } catch {
            Issue.record("\(name): \(error)\n\(logs(maxBytes: 800))", sourceLocation: sourceLocation)
        }
        let took = ContinuousClock.now - began
        print("agent lab: \(name) took \(took.formatted)")
        return took
    }
}
#endif
