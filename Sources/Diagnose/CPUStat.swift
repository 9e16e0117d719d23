/// The "cpu" lines of /proc/stat: jiffies per state, for the whole machine and each core.
public struct CPUStat: Sendable, Equatable {
    /// Busy and total jiffies of one line. Idle and iowait count as not busy; guest time is already
    /// inside user time, so it is left out of the total.
    public struct Times: Sendable, Equatable {
        public var busy: UInt64
        public var total: UInt64
    }

    public var all: Times
    /// Per core, by the number after "cpu".
    public var cores: [Int: Times]

    /// Nil when there is no aggregate "cpu" line with at least user, nice, system and idle.
    public init?(_ text: String) {
        var all: Times?
        var cores: [Int: Times] = [:]
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("cpu") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let values = fields.dropFirst().prefix(8).compactMap { UInt64($0) }
            guard values.count >= 4, values.count == min(8, fields.count - 1) else { continue }
            let total = values.reduce(0, &+)
            let idle = values[3] + (values.count > 4 ? values[4] : 0)
            let times = Times(busy: total &- idle, total: total)
            let label = fields[0]
            if label == "cpu" { all = times } else if let core = Int(label.dropFirst(3)) { cores[core] = times }
        }
        guard let all else { return nil }
        self.all = all
        self.cores = cores
    }

    /// Busy share between two samples, or nil when no time passed or the counters went backwards.
    static func busyFraction(_ before: Times, _ after: Times) -> Double? {
        guard after.total > before.total, after.busy >= before.busy else { return nil }
        return min(1, Double(after.busy - before.busy) / Double(after.total - before.total))
    }
}
