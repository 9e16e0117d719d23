/// The pure core of one event for one subject: readings and time in, at most one transition out.
/// It fires once when its policy's condition is met and once when it clears, never twice in a row, so
/// the history and journald hold one entry per edge however long a condition lasts.
///
/// Like the check machine, it never reads a clock: `now` is the driver's monotonic time, so every
/// stream of readings replays exactly in tests.
public struct EventDetector: Sendable, Hashable {
    public private(set) var policy: EventPolicy
    public let subject: String
    /// Whether the event has fired and not cleared.
    public private(set) var active = false
    /// Bad readings in a row (consecutive, above, below).
    public private(set) var badRun = 0
    /// The last identity seen (change).
    private var identity: String?
    /// Counter readings within the window, oldest first (rise).
    private var counterSamples: [CounterSample] = []

    private struct CounterSample: Sendable, Hashable {
        let at: Duration
        let value: Double
    }

    public init(policy: EventPolicy, subject: String = "") {
        self.policy = policy
        self.subject = subject
    }

    /// One reading. Returns the transition it causes, if any. A disabled policy never fires.
    public mutating func onReading(_ reading: EventReading, now: Duration) -> EventTransition? {
        guard policy.enabled else { return nil }
        switch (policy.rule, reading) {
        case let (.consecutive(countKey), .condition(bad, evidence)):
            return onBad(bad, needed: count(countKey), evidence: evidence, now: now)
        case let (.above(thresholdKey, countKey), .measure(value, evidence)):
            let bad = policy.number(thresholdKey).map { value > $0 } ?? false
            return onBad(bad, needed: count(countKey), evidence: evidence, now: now)
        case let (.below(thresholdKey, countKey), .measure(value, evidence)):
            let bad = policy.number(thresholdKey).map { value < $0 } ?? false
            return onBad(bad, needed: count(countKey), evidence: evidence, now: now)
        case let (.change, .identity(current, evidence)):
            return onIdentity(current, evidence: evidence, now: now)
        case let (.rise(countKey, windowKey), .counter(value, evidence)):
            return onCounter(value, needed: count(countKey), window: policy.number(windowKey) ?? 60, evidence: evidence, now: now)
        case let (.occurrence, .occurrences(seen, evidence)):
            return seen > 0 ? fire(evidence, now: now) : clear(evidence, now: now)
        default:
            return nil
        }
    }

    /// The fleet's settings changed. A policy switched off clears an active event (the history must
    /// not show it firing for ever); new thresholds apply from the next reading.
    public mutating func onPolicy(_ updated: EventPolicy, now: Duration) -> EventTransition? {
        policy = updated
        guard !updated.enabled else { return nil }
        badRun = 0
        counterSamples.removeAll()
        return clear("the policy was disabled", now: now)
    }

    private func count(_ key: String?) -> Int {
        guard let key else { return 1 }
        return max(1, Int(policy.number(key) ?? 1))
    }

    private mutating func onBad(_ bad: Bool, needed: Int, evidence: String, now: Duration) -> EventTransition? {
        guard bad else {
            badRun = 0
            return clear(evidence, now: now)
        }
        badRun = badRun == Int.max ? badRun : badRun + 1
        return badRun >= needed ? fire(evidence, now: now) : nil
    }

    private mutating func onIdentity(_ current: String?, evidence: String, now: Duration) -> EventTransition? {
        guard let current else { return nil }
        defer { identity = current }
        guard let previous = identity else { return nil }
        return previous != current ? fire("\(previous) → \(current): \(evidence)", now: now) : clear(evidence, now: now)
    }

    private mutating func onCounter(_ value: Double, needed: Int, window: Double, evidence: String, now: Duration) -> EventTransition? {
        if let last = counterSamples.last?.value, value < last { counterSamples.removeAll() }
        counterSamples.append(CounterSample(at: now, value: value))
        let windowStart = now - .milliseconds(Int64(window * 1000))
        while counterSamples.count > 1, counterSamples[1].at <= windowStart { counterSamples.removeFirst() }
        let rise = value - (counterSamples.first?.value ?? value)
        let detail = "\(evidence); +\(Int(rise)) within \(Int(window)) s"
        return rise >= Double(needed) ? fire(detail, now: now) : clear(detail, now: now)
    }

    private mutating func fire(_ evidence: String, now: Duration) -> EventTransition? {
        guard !active else { return nil }
        active = true
        return EventTransition(kind: .fired, policy: policy.name, subject: subject, severity: policy.severity,
                               evidence: evidence, at: now)
    }

    private mutating func clear(_ evidence: String, now: Duration) -> EventTransition? {
        guard active else { return nil }
        active = false
        return EventTransition(kind: .cleared, policy: policy.name, subject: subject, severity: policy.severity,
                               evidence: evidence, at: now)
    }
}
