/// The pure core of one health check: it decides when a probe is due and what a run of results
/// means, with keepalived-style `fall`/`rise` hysteresis so one lost probe never moves a VIP.
///
/// Time is passed in as `now`, the time since any fixed origin chosen by the driver (a monotonic
/// clock's start, or zero in a test); the machine never reads a clock, so every sequence replays
/// exactly. At most one probe is in flight: a due tick while one runs is skipped and counted.
public struct CheckStateMachine: Sendable, Equatable {
    public let spec: CheckSpec
    /// The current verdict.
    public private(set) var state: CheckState = .unknown
    /// Successes in a row, ending with the latest result (0 after a failure).
    public private(set) var consecutiveSuccesses = 0
    /// Failures in a row, ending with the latest result (0 after a success).
    public private(set) var consecutiveFailures = 0
    /// When the running probe started, or nil when none runs.
    public private(set) var probeStartedAt: Duration?
    /// The earliest `now` at which `onDue` starts the next probe.
    public private(set) var nextDueAt: Duration
    /// Due ticks skipped because the previous probe still ran: a sign the timeout is too long or
    /// the node is overloaded.
    public private(set) var skippedProbes = 0
    /// The detail of the latest result, for status displays.
    public private(set) var lastDetail = ""

    /// - Parameter firstDueAt: when the first probe is due; the driver's start time, usually.
    public init(spec: CheckSpec, firstDueAt: Duration = .zero) {
        self.spec = spec
        self.nextDueAt = firstDueAt
    }

    /// Whether a probe is in flight.
    public var isProbing: Bool { probeStartedAt != nil }

    /// When the running probe must have answered; past it the driver reports a failure. Nil when no
    /// probe runs.
    public var probeDeadline: Duration? { probeStartedAt.map { $0 + spec.effectiveTimeout } }

    /// A scheduler tick. Starts a probe when one is due and none runs. Early ticks do nothing, so a
    /// driver may tick all its checks whenever it wakes.
    public mutating func onDue(now: Duration) -> [CheckEffect] {
        guard now >= nextDueAt else { return [] }
        nextDueAt = Self.nextDue(after: nextDueAt, now: now, interval: spec.effectiveInterval)
        guard probeStartedAt == nil else {
            skippedProbes += 1
            return []
        }
        probeStartedAt = now
        return [.startProbe]
    }

    /// The outcome of the running probe. A result that arrives after the timeout counts as a failure
    /// whatever it says; a result while no probe runs (a duplicate or a stale report) is ignored.
    public mutating func onResult(success: Bool, detail: String, now: Duration) -> [CheckEffect] {
        guard let startedAt = probeStartedAt else { return [] }
        probeStartedAt = nil
        let late = now - startedAt > spec.effectiveTimeout
        let passed = success && !late
        lastDetail = late && success ? "timed out after \(spec.effectiveTimeout)" : detail
        return record(passed: passed)
    }

    private mutating func record(passed: Bool) -> [CheckEffect] {
        if passed {
            consecutiveSuccesses = Self.increment(consecutiveSuccesses)
            consecutiveFailures = 0
        } else {
            consecutiveFailures = Self.increment(consecutiveFailures)
            consecutiveSuccesses = 0
        }
        let target = verdict()
        guard let target, target != state else { return [] }
        let from = state
        state = target
        return [.transition(from: from, to: target, detail: lastDetail)]
    }

    /// The state the current run of results calls for, or nil when it is too short to decide.
    private func verdict() -> CheckState? {
        if consecutiveSuccesses >= spec.effectiveRise { return .passing }
        if consecutiveFailures >= spec.effectiveFall { return .failing }
        return nil
    }

    /// The next due time on the original grid, skipping the slots already missed, so a stalled
    /// driver neither bursts probes to catch up nor drifts.
    static func nextDue(after due: Duration, now: Duration, interval: Duration) -> Duration {
        let next = due + interval
        guard next <= now else { return next }
        let missed = Int(((now - due) / interval).rounded(.down))
        return due + interval * (missed + 1)
    }

    /// Counters saturate instead of trapping, however long a check runs.
    private static func increment(_ value: Int) -> Int {
        value == Int.max ? value : value + 1
    }
}
