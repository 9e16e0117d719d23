#if os(Linux)
/// Order statistics of a set of durations, for honest periods and benchmark figures.
struct DurationStats: Sendable, Equatable, CustomStringConvertible {
    let count: Int
    let min: Duration
    let p50: Duration
    let p90: Duration
    let max: Duration
    let mean: Duration

    /// Nil for an empty set: there is no median of nothing.
    init?(_ values: [Duration]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        min = sorted[0]
        max = sorted[sorted.count - 1]
        p50 = DurationStats.percentile(sorted, 0.5)
        p90 = DurationStats.percentile(sorted, 0.9)
        mean = sorted.reduce(Duration.zero, +) / sorted.count
    }

    /// Nearest-rank percentile of an ascending, non-empty array.
    private static func percentile(_ sorted: [Duration], _ fraction: Double) -> Duration {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    var description: String {
        "n=\(count) min \(min.formatted) p50 \(p50.formatted) p90 \(p90.formatted) max \(max.formatted) mean \(mean.formatted)"
    }
}
#endif
