/// Drives the checks of a node with real time: ticks each `CheckStateMachine` when it is due, runs
/// the probes it asks for (one at a time per check, all checks in parallel), feeds the results
/// back, and reports every transition. The policy lives in the machines; this is only plumbing.
public actor CheckRunner {
    public typealias TransitionHandler = @Sendable (CheckTransition, HealthSummary) -> Void
    /// Told of every probe's outcome, by check name (for metrics: results and durations).
    public typealias ProbeHandler = @Sendable (String, ProbeResult) -> Void

    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private let prober: any HealthProber
    private let onTransition: TransitionHandler
    private let onProbe: ProbeHandler?
    private var machines: [CheckStateMachine]
    private var probes: [Int: Task<Void, Never>] = [:]
    private var loop: Task<Void, Never>?
    /// The health of every check, as published.
    public private(set) var summary: HealthSummary

    /// Extra time past a probe's timeout before the runner stops waiting for it and reports a
    /// failure itself; a well-behaved prober answers well within it.
    public static let overrunGrace: Duration = .milliseconds(100)

    /// - Parameters:
    ///   - specs: the checks; names should be unique (a later duplicate shadows an earlier one in
    ///     the summary).
    ///   - onTransition: called on every state change, with the summary after it.
    public init(specs: [CheckSpec], prober: any HealthProber = CheckProber(), onProbe: ProbeHandler? = nil,
                onTransition: @escaping TransitionHandler) {
        self.origin = clock.now
        self.prober = prober
        self.onProbe = onProbe
        self.onTransition = onTransition
        self.machines = specs.map { CheckStateMachine(spec: $0) }
        self.summary = HealthSummary(machines: machines)
    }

    /// Snapshots of the state machines, for status displays.
    public var checks: [CheckStateMachine] { machines }

    /// Starts probing. Calling it again does nothing.
    public func start() {
        guard loop == nil else { return }
        loop = Task { await self.run() }
    }

    /// Stops probing: cancels the loop and every running probe (which kill their programs).
    public func stop() {
        loop?.cancel()
        loop = nil
        probes.values.forEach { $0.cancel() }
        probes.removeAll()
    }

    private var now: Duration { clock.now - origin }

    private func run() async {
        while !Task.isCancelled {
            tick()
            try? await clock.sleep(until: origin + nextWake())
        }
    }

    /// Starts due probes and gives up on probes that overran their timeout.
    private func tick() {
        let now = self.now
        for index in machines.indices {
            if let deadline = machines[index].probeDeadline, now > deadline + Self.overrunGrace {
                probes.removeValue(forKey: index)?.cancel()
                let spec = machines[index].spec
                onProbe?(spec.name, ProbeResult(success: false, detail: "the probe did not answer in time",
                                                duration: spec.effectiveTimeout + Self.overrunGrace))
                apply(machines[index].onResult(success: false, detail: "the probe did not answer in time",
                                               now: now), to: index, at: now)
            }
            if machines[index].onDue(now: now).contains(.startProbe) { launch(index) }
        }
    }

    private func launch(_ index: Int) {
        let spec = machines[index].spec
        let prober = self.prober
        probes[index] = Task {
            let result = await prober.probe(spec.probe, timeout: spec.effectiveTimeout)
            self.finish(index, result)
        }
    }

    private func finish(_ index: Int, _ result: ProbeResult) {
        guard !Task.isCancelled else { return }
        probes.removeValue(forKey: index)
        onProbe?(machines[index].spec.name, result)
        let now = self.now
        apply(machines[index].onResult(success: result.success, detail: result.detail, now: now),
              to: index, at: now)
    }

    private func apply(_ effects: [CheckEffect], to index: Int, at now: Duration) {
        for case .transition(let from, let to, let detail) in effects {
            summary.set(machines[index].spec.name, to: to)
            onTransition(CheckTransition(check: machines[index].spec.name, from: from, to: to,
                                         detail: detail, at: now), summary)
        }
    }

    /// The next due time or overrun deadline of any check.
    private func nextWake() -> Duration {
        let dues = machines.map(\.nextDueAt)
        let overruns = machines.compactMap { $0.probeDeadline.map { $0 + Self.overrunGrace + .milliseconds(1) } }
        return (dues + overruns).min() ?? now + .seconds(1)
    }
}
