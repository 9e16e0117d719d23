#if os(Linux)
/// The recorded history of who held the VIP, and the questions the lab asks of it. Pure: built from
/// samples, so its arithmetic is tested with made-up timelines.
///
/// Between two samples the state is assumed to be that of the earlier one, so every answer is exact
/// only to within one real sampling gap — `gaps` says how large those really were.
struct VIPTimeline: Sendable, Equatable {
    private(set) var samples: [VIPSample]

    init(samples: [VIPSample] = []) {
        self.samples = samples
    }

    mutating func append(_ sample: VIPSample) {
        samples.append(sample)
    }

    /// The first sample at or after `since` for which `condition` holds.
    func firstSample(since: ContinuousClock.Instant, where condition: ([String]) -> Bool) -> VIPSample? {
        samples.first { $0.at >= since && condition($0.holders) }
    }

    /// How long after `since` the VIP was first seen on `node` (alone or not); nil if never.
    func timeUntil(holder node: String, since: ContinuousClock.Instant) -> Duration? {
        firstSample(since: since) { $0.contains(node) }.map { $0.at - since }
    }

    /// How long after `since` the VIP was first seen on `node` and nowhere else; nil if never.
    func timeUntil(soleHolder node: String, since: ContinuousClock.Instant) -> Duration? {
        firstSample(since: since) { $0 == [node] }.map { $0.at - since }
    }

    /// How long after `since` two or more nodes first held the VIP at once; nil if never.
    func timeUntilDualHolders(since: ContinuousClock.Instant) -> Duration? {
        firstSample(since: since) { $0.count >= 2 }.map { $0.at - since }
    }

    /// The total time, from `since` on, during which two or more nodes held the VIP (each sample's
    /// state counted until the next sample; the last sample counts for nothing).
    func dualHolderTime(since: ContinuousClock.Instant? = nil) -> Duration {
        var total = Duration.zero
        for (current, next) in zip(samples, samples.dropFirst()) where current.holders.count >= 2 {
            let start = max(current.at, since ?? current.at)
            if next.at > start { total += next.at - start }
        }
        return total
    }

    /// The time with two or more holders inside [start, end] (each sample's state counted until the
    /// next sample, clipped to the window).
    func dualHolderTime(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Duration {
        var total = Duration.zero
        for (current, next) in zip(samples, samples.dropFirst()) where current.holders.count >= 2 {
            let from = max(current.at, start)
            let to = min(next.at, end)
            if to > from { total += to - from }
        }
        return total
    }

    /// How long no namespace held the VIP between `start` and `end`.
    func noHolderTime(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Duration {
        var total = Duration.zero
        for (current, next) in zip(samples, samples.dropFirst()) where current.holders.isEmpty {
            let from = max(current.at, start)
            let to = min(next.at, end)
            if to > from { total += to - from }
        }
        return total
    }

    /// The longest single stretch without any holder inside [start, end], clipped to the window (a
    /// stretch still open at the last sample ends there): the outage a client would have seen.
    func longestNoHolder(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Duration {
        var longest = Duration.zero
        var openedAt: ContinuousClock.Instant?
        func close(at instant: ContinuousClock.Instant) {
            guard let opened = openedAt else { return }
            let from = max(opened, start)
            let to = min(instant, end)
            if to > from { longest = max(longest, to - from) }
            openedAt = nil
        }
        for sample in samples {
            if sample.holders.isEmpty {
                if openedAt == nil { openedAt = sample.at }
            } else {
                close(at: sample.at)
            }
        }
        if let last = samples.last { close(at: last.at) }
        return longest
    }

    /// Every change of the (non-empty) holders inside [start, end], with when it was first seen: a
    /// drop and a return to the same holder is no move, a holder replaced by another (or joined by a
    /// second) is. The holders before `start` count as where the VIP was.
    func moves(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> [(at: ContinuousClock.Instant, holders: [String])] {
        var current: [String]?
        var result: [(at: ContinuousClock.Instant, holders: [String])] = []
        for sample in samples where sample.at <= end && !sample.holders.isEmpty {
            if let previous = current, sample.holders != previous, sample.at >= start {
                result.append((sample.at, sample.holders))
            }
            current = sample.holders
        }
        return result
    }

    /// The most nodes seen holding the VIP at once, from `since` on.
    func maxHolders(since: ContinuousClock.Instant? = nil) -> Int {
        samples.filter { $0.at >= (since ?? $0.at) }.map(\.holders.count).max() ?? 0
    }

    /// The holders at the last sample, or nil before the first.
    var currentHolders: [String]? { samples.last?.holders }

    /// The real gaps between consecutive samples: the sampler's honest period.
    var gaps: DurationStats? {
        DurationStats(zip(samples, samples.dropFirst()).map { $1.at - $0.at })
    }

    /// How long reading one sample took.
    var readTimes: DurationStats? {
        DurationStats(samples.map(\.readTime))
    }

    /// Each change of holders, as (time since the first sample, holders): a compact log for reports.
    var changes: [(offset: Duration, holders: [String])] {
        guard let first = samples.first else { return [] }
        var result: [(offset: Duration, holders: [String])] = [(.zero, first.holders)]
        for (previous, sample) in zip(samples, samples.dropFirst()) where sample.holders != previous.holders {
            result.append((sample.at - first.at, sample.holders))
        }
        return result
    }
}
#endif
