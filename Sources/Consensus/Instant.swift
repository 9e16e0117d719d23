/// A reading of the node's LOCAL monotonic clock, in nanoseconds since an arbitrary origin.
///
/// The core never reads a clock itself: the driver passes `now` in, which keeps the core pure and lets the
/// simulator run each node on its own skewed clock. Instants of different nodes are not comparable; only
/// differences measured on one node mean anything (see docs/quorum-timing.md).
public struct Instant: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = Instant(nanoseconds: 0)

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `nanos` nanoseconds later, saturating instead of trapping on overflow.
    public func adding(nanoseconds nanos: Int64) -> Instant {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(nanos)
        return Instant(nanoseconds: overflow ? (nanos > 0 ? Int64.max : Int64.min) : sum)
    }

    /// Nanoseconds elapsed from `earlier` to `self` (negative if `earlier` is later), saturating.
    public func since(_ earlier: Instant) -> Int64 {
        let (diff, overflow) = nanoseconds.subtractingReportingOverflow(earlier.nanoseconds)
        return overflow ? (earlier.nanoseconds > 0 ? Int64.min : Int64.max) : diff
    }

    public var description: String { "\(nanoseconds / 1_000_000)ms" }
}

extension Duration {
    /// This duration in whole nanoseconds, saturating; used to turn configuration into core arithmetic.
    var wholeNanoseconds: Int64 {
        let (seconds, attos) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds > 0 ? Int64.max : Int64.min }
        let (sum, overflow2) = scaled.addingReportingOverflow(attos / 1_000_000_000)
        return overflow2 ? Int64.max : sum
    }
}
