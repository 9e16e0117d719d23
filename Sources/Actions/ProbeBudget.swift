import NIOCore

/// The time budget of one probe on the monotonic clock. Every probe starts one, hands its deadline
/// to the library doing the I/O, and stamps its result with the time spent.
struct ProbeBudget: Sendable {
    let start: ContinuousClock.Instant
    let timeout: Duration

    init(timeout: Duration) {
        self.start = ContinuousClock.now
        self.timeout = max(.milliseconds(1), timeout)
    }

    var end: ContinuousClock.Instant { start + timeout }
    var elapsed: Duration { ContinuousClock.now - start }
    /// What is left, never negative.
    var remaining: Duration { max(.zero, end - ContinuousClock.now) }

    /// The same instant for NIO and AsyncHTTPClient, whose deadlines are `NIODeadline`s.
    var nioDeadline: NIODeadline { .now() + timeAmount(remaining) }

    /// The rest of the budget as a NIO `TimeAmount` (connect timeouts), at least 1 ms.
    var remainingTimeAmount: TimeAmount { max(.milliseconds(1), timeAmount(remaining)) }

    /// "timed out after 300 ms", the detail of a probe that ran out of budget.
    var timedOutText: String { "timed out after \(Self.format(timeout))" }

    /// A result stamped with the time spent so far.
    func result(_ success: Bool, _ detail: String) -> ProbeResult {
        ProbeResult(success: success, detail: detail, duration: elapsed)
    }

    /// A duration as milliseconds, e.g. "500 ms", for details people read.
    static func format(_ duration: Duration) -> String {
        "\(milliseconds(duration)) ms"
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
