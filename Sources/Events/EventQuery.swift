/// What `nodeagent events` asks of a history: a time bound, a lowest severity, a policy.
public struct EventQuery: Codable, Sendable, Hashable {
    /// Only records at or after this time (seconds since 1970).
    public var since: Double?
    /// Only records of this severity or a more severe one.
    public var severity: EventSeverity?
    public var policy: String?
    /// At most this many, the newest.
    public var limit: Int?

    public init(since: Double? = nil, severity: EventSeverity? = nil, policy: String? = nil, limit: Int? = nil) {
        self.since = since
        self.severity = severity
        self.policy = policy
        self.limit = limit
    }

    public func matches(_ record: EventRecord) -> Bool {
        if let since, record.time < since { return false }
        if let severity, record.severity > severity { return false }
        if let policy, record.policy != policy { return false }
        return true
    }
}
