/// Exponential reconnect delays with jitter: quick first retries so a restarted peer is back within a
/// probe or two, capped so a dead address costs little, jittered so a fleet restart does not reconnect in
/// lock-step.
public struct Backoff: Sendable, Equatable {
    public let minimum: Duration
    public let maximum: Duration
    public private(set) var attempts = 0

    public init(minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
    }

    /// The delay before the next attempt; `unit` in [0, 1) supplies the jitter.
    public mutating func nextDelay(unit: Double) -> Duration {
        let exponent = min(attempts, 20)
        attempts += 1
        let base = min(maximum, minimum * (1 << exponent))
        let jitter = 0.5 + 0.5 * min(max(unit, 0), 1)
        return base * jitter
    }

    /// Called after a connection succeeded.
    public mutating func reset() {
        attempts = 0
    }
}
