import Actions
import Foundation
import NIOPosix

/// The agent's CPU with one health check of each kind every 200 ms (issue #10): a `CheckRunner` with
/// the real `CheckProber` against local targets that run in other processes (python3 HTTP, HTTPS and
/// Docker-Engine stand-in servers), so the figure is the prober's own work. Prints the process's
/// user+system CPU, and apart from it the CPU of the programs the probes started, which the agent
/// pays for too. Bounded by `seconds`; every helper started is stopped by its own PID.
struct ProbeBenchmark {
    let seconds: Int
    /// A real Docker Engine's socket and a running container on it; nil: the targets' stand-in.
    var engine: (socket: String, container: String)?
    let interval: Duration = .milliseconds(200)
    let timeout: Duration = .milliseconds(150)

    func run() async -> Int32 {
        guard let targets = try? ProbeTargets.start() else { print("cannot start the targets (python3, openssl)"); return 1 }
        defer { targets.stop() }
        guard targets.waitUntilReady() else { print("the targets did not start"); return 1 }
        let counter = CountingProber(inner: makeProber(dockerSocket: engine?.socket ?? targets.dockerSocket))
        let runner = CheckRunner(specs: specs(targets), prober: counter) { _, _ in }
        await runner.start()
        try? await Task.sleep(for: .seconds(2))
        let before = CPUTimes.now()
        let started = ContinuousClock.now
        try? await Task.sleep(for: .seconds(seconds))
        let after = CPUTimes.now()
        let elapsed = ContinuousClock.now - started
        await runner.stop()
        report(before: before, after: after, elapsed: elapsed, counter: counter, checks: await runner.checks)
        return 0
    }

    /// The prober under test, as the agent builds it.
    func makeProber(dockerSocket: String) -> any HealthProber {
        CheckProber(clients: ProbeClients(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, dockerSocket: dockerSocket))
    }

    private func specs(_ targets: ProbeTargets) -> [CheckSpec] {
        let kinds: [(String, ProbeKind)] = [
            ("tcp", .tcp(host: "127.0.0.1", port: targets.httpPort)),
            ("http", .http(url: "http://127.0.0.1:\(targets.httpPort)/health", expectStatus: 200)),
            ("https", .http(url: "https://127.0.0.1:\(targets.httpsPort)/health", expectStatus: 200)),
            ("docker", .docker(container: engine?.container ?? "web")),
            ("systemd", .systemd(unit: "nodeagent-bench.service")),
            ("command", .command(argv: ["/bin/true"])),
        ]
        return kinds.map { CheckSpec(name: $0.0, probe: $0.1, interval: interval, timeout: timeout, fall: 2, rise: 1) }
    }

    private func report(before: CPUTimes, after: CPUTimes, elapsed: Duration, counter: CountingProber,
                        checks: [CheckStateMachine]) {
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "probes: 6 checks every %d ms for %.1f s", Int(interval.components.attoseconds / 1_000_000_000_000_000), wall)
              + (engine.map { ", docker: the engine at \($0.socket)" } ?? ", docker: the targets' Engine API stand-in"))
        for check in checks {
            print("  \(check.spec.name): \(check.state), skipped \(check.skippedProbes), last: \(check.lastDetail)")
        }
        let counts = counter.counts
        print("  probes run: \(counts.total), passed \(counts.passed)")
        print(String(format: "  agent CPU (user+sys of this process): %.2f%% of one core (user %.2f s, sys %.2f s)",
                     (after.selfSeconds - before.selfSeconds) / wall * 100,
                     after.selfUser - before.selfUser, after.selfSystem - before.selfSystem))
        print(String(format: "  programs the probes started (reaped children): %.2f%% of one core",
                     (after.childSeconds - before.childSeconds) / wall * 100))
        print(String(format: "  together: %.2f%% of one core",
                     (after.selfSeconds + after.childSeconds - before.selfSeconds - before.childSeconds) / wall * 100))
    }
}
