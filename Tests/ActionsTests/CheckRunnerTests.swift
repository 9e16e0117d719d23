import Testing
import Actions

/// The driver with real time and a scripted prober: the tests wait for the transitions the runner
/// reports (never for a fixed time), bounded by a generous guard.
@Suite struct CheckRunnerTests {
    /// A long timeout by default, so a loaded machine never turns a scripted success into a late failure.
    static func spec(_ name: String, port: Int, timeout: Duration = .seconds(5)) -> CheckSpec {
        CheckSpec(name: name, probe: .tcp(host: "127.0.0.1", port: port), interval: .milliseconds(10),
                  timeout: timeout, fall: 2, rise: 2)
    }

    /// Runs until `count` transitions were reported, or fails after `limit`.
    static func transitions(_ count: Int, specs: [CheckSpec], prober: ScriptedProber,
                            limit: Duration = .seconds(10)) async throws -> ([CheckTransition], CheckRunner) {
        let (stream, continuation) = AsyncStream<CheckTransition>.makeStream()
        let runner = CheckRunner(specs: specs, prober: prober) { transition, _ in continuation.yield(transition) }
        await runner.start()
        let seen = try await withThrowingTaskGroup(of: [CheckTransition]?.self) { group in
            group.addTask { Array(await stream.prefix(count).reduce(into: []) { $0.append($1) }) }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await runner.stop()
        return (try #require(seen, "fewer than \(count) transitions within \(limit)"), runner)
    }

    @Test func reportsFailureAndRecoveryWithHysteresis() async throws {
        // Calls 0-1 pass, 2-3 fail, 4- pass: passing, then failing, then recovered.
        let prober = ScriptedProber { _, call in !(2...3).contains(call) }
        let (seen, runner) = try await Self.transitions(3, specs: [Self.spec("web", port: 1)], prober: prober)
        #expect(seen.map(\.to) == [.passing, .failing, .passing])
        #expect(seen.map(\.eventName) == [nil, "check_failed", "check_recovered"])
        #expect(seen[1].detail == "call 3")
        #expect(await runner.summary.allPassing)
    }

    @Test func aHungProbeCountsAsAFailure() async throws {
        let prober = ScriptedProber { kind, _ in kind == .tcp(host: "127.0.0.1", port: 2) ? nil : true }
        let specs = [Self.spec("stuck", port: 2, timeout: .milliseconds(20)), Self.spec("fine", port: 3)]
        let (seen, runner) = try await Self.transitions(2, specs: specs, prober: prober)
        #expect(Set(seen.map { "\($0.check) \($0.to)" }) == ["stuck failing", "fine passing"])
        #expect(seen.first { $0.check == "stuck" }?.detail == "the probe did not answer in time")
        let summary = await runner.summary
        #expect(summary.failing == ["stuck"] && summary.passing == ["fine"])
        #expect(summary.description == "failing: stuck")
    }

    @Test func startsWithEveryCheckUnknown() async {
        let runner = CheckRunner(specs: [Self.spec("a", port: 1), Self.spec("b", port: 2)],
                                 prober: ScriptedProber { _, _ in true }) { _, _ in }
        #expect(await runner.summary.unknown == ["a", "b"])
        #expect(await !runner.summary.allPassing)
        #expect(await runner.checks.map(\.spec.name) == ["a", "b"])
    }
}
