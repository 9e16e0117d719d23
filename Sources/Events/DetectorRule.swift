/// How a policy turns a stream of readings into "the condition holds": the few shapes every event of
/// the catalogue fits, each naming the parameters it reads.
public enum DetectorRule: Sendable, Hashable {
    /// The reading says bad (`EventReading.condition`) for `countKey` samples in a row: an endpoint
    /// that does not answer, a member that is dead.
    case consecutive(countKey: String)
    /// The measured value is above the threshold parameter for `countKey` samples in a row (or for
    /// one sample when `countKey` is nil): lag, connection usage, latency, size.
    case above(thresholdKey: String, countKey: String?)
    /// The measured value is below the threshold parameter for `countKey` samples in a row: a cache
    /// hit ratio, days before a certificate expires.
    case below(thresholdKey: String, countKey: String?)
    /// The identity read changed from one known value to another (a new Patroni leader). Momentary:
    /// it clears at the next reading that sees the same identity again.
    case change
    /// The counter rose by at least `countKey` within the last `windowKey` seconds (deadlocks).
    /// Clears once the rise within the window falls below it.
    case rise(countKey: String, windowKey: String)
    /// New occurrences were seen since the last reading (an OOM kill). Momentary: it clears at the
    /// next reading that sees none.
    case occurrence
}
