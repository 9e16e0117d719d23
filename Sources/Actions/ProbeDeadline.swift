import Foundation

/// The time budget of one probe on a monotonic clock, and the cancellation flag to honour with it.
/// Blocking waits are cut into short slices so a cancelled probe returns promptly.
struct ProbeDeadline: Sendable {
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    let end: ContinuousClock.Instant
    let cancel: CancelFlag

    init(timeout: Duration, cancel: CancelFlag) {
        start = clock.now
        end = start + timeout
        self.cancel = cancel
    }

    /// Longest single wait before the cancellation flag is looked at again.
    static let slice: Duration = .milliseconds(20)

    var elapsed: Duration { clock.now - start }
    var isExpired: Bool { clock.now >= end }
    /// True when the probe must stop: out of time or cancelled.
    var mustStop: Bool { isExpired || cancel.isCancelled }

    /// The budget left, in seconds, for a program that takes its own time limit.
    var remainingSeconds: Double {
        let left = end - clock.now
        return Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
    }

    /// Milliseconds to wait in one `poll` call: the rest of the budget, at most one slice, at least 0.
    var pollMilliseconds: Int32 {
        let left = min(end - clock.now, Self.slice)
        guard left > .zero else { return 0 }
        let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(max(1, min(ms, 1000)))
    }

    /// Why the probe stopped early, for its detail.
    var stopReason: String {
        cancel.isCancelled ? "cancelled" : "timed out after \(Self.format(end - start))"
    }

    /// A duration as milliseconds, e.g. "500 ms", for details people read.
    static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(ms) ms"
    }

    /// A result stamped with the time spent so far.
    func result(_ success: Bool, _ detail: String) -> ProbeResult {
        ProbeResult(success: success, detail: detail, duration: elapsed)
    }
}
