/// A byte budget that refills with time: what keeps an origin's transfers from taking the whole
/// link (and the CPU the heartbeats, VRRP adverts and Raft share with them). At most `burst` bytes
/// go at once; over time, at most `rate` bytes a second.
public struct TokenBucket: Hashable, Sendable {
    public let bytesPerSecond: Int64
    public let burst: Int64
    public private(set) var tokens: Int64
    private var updated: Duration

    public init(bytesPerSecond: Int64, burst: Int64, now: Duration) {
        self.bytesPerSecond = max(1, bytesPerSecond)
        self.burst = max(1, burst)
        tokens = self.burst
        updated = now
    }

    /// Takes `bytes` if the budget has them now. A request larger than the burst is granted once the
    /// bucket is full, so no chunk size can stall it for ever.
    public mutating func take(_ bytes: Int64, now: Duration) -> Bool {
        refill(now)
        guard tokens >= min(bytes, burst) else { return false }
        tokens -= bytes
        return true
    }

    private mutating func refill(_ now: Duration) {
        guard now > updated else { return }
        let elapsed = now - updated
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        let earned = nanoseconds.multipliedReportingOverflow(by: bytesPerSecond)
        tokens = min(burst, tokens + (earned.overflow ? burst : earned.partialValue / 1_000_000_000))
        updated = now
    }
}
