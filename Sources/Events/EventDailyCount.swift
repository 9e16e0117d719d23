import Foundation

/// How many times one policy fired on one UTC day (`nodeagent events summary`).
public struct EventDailyCount: Codable, Sendable, Hashable {
    /// `YYYY-MM-DD`, UTC.
    public let day: String
    public let policy: String
    public let severity: EventSeverity
    public let count: Int

    public init(day: String, policy: String, severity: EventSeverity, count: Int) {
        self.day = day
        self.policy = policy
        self.severity = severity
        self.count = count
    }

    struct Key: Hashable {
        let day: String
        let policy: String
        let severity: EventSeverity
    }

    /// The UTC day of a time in seconds since 1970.
    public static func day(of time: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: time))
        let pad: (Int?) -> String = { value in
            let text = String(value ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        return "\(parts.year ?? 1970)-\(pad(parts.month))-\(pad(parts.day))"
    }
}
