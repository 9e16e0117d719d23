import Events

/// The answer to `nodeagent events`: the records, oldest first, and the nodes that did not answer.
public struct EventsReport: Codable, Sendable, Equatable {
    public var records: [EventRecord]
    /// Nodes asked that did not answer in time (an older agent, a node out of reach).
    public var silent: [String]
}

/// The answer to `nodeagent events summary`.
public struct EventSummaryReport: Codable, Sendable, Equatable {
    public var counts: [EventDailyCount]
    public var silent: [String]
}
