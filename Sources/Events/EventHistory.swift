/// A node's bounded event history, oldest first: the newest `capacity` records survive, so a flapping
/// condition can fill it but never grow it. Pure; the agent persists it (one JSON line per record).
public struct EventHistory: Sendable, Hashable {
    public static let defaultCapacity = 2_000

    public let capacity: Int
    public private(set) var records: [EventRecord] = []

    public init(capacity: Int = defaultCapacity, records: [EventRecord] = []) {
        self.capacity = max(1, capacity)
        self.records = Array(records.suffix(self.capacity))
    }

    public mutating func append(_ record: EventRecord) {
        records.append(record)
        if records.count > capacity { records.removeFirst(records.count - capacity) }
    }

    /// The records `query` selects, oldest first.
    public func select(_ query: EventQuery) -> [EventRecord] {
        let matching = records.filter(query.matches)
        guard let limit = query.limit, limit >= 0 else { return matching }
        return Array(matching.suffix(limit))
    }

    /// How often each policy fired on each UTC day, newest day first: the console's "daily number of
    /// triggers". Clears are not triggers.
    public func dailyCounts(since: Double? = nil) -> [EventDailyCount] {
        var counts: [EventDailyCount.Key: Int] = [:]
        for record in records where record.kind == .fired && (since.map { record.time >= $0 } ?? true) {
            let key = EventDailyCount.Key(day: EventDailyCount.day(of: record.time), policy: record.policy, severity: record.severity)
            counts[key, default: 0] += 1
        }
        return counts.map { EventDailyCount(day: $0.key.day, policy: $0.key.policy, severity: $0.key.severity, count: $0.value) }
            .sorted { ($1.day, $0.severity, $0.policy) < ($0.day, $1.severity, $1.policy) }
    }
}
