import Events

/// What nodes say to each other in `events` frames: a history query and its answer. The token pairs
/// an answer with the waiting request.
enum EventsEnvelope: Codable, Sendable {
    case request(token: UInt64, EventQuery)
    case records(token: UInt64, [EventRecord])
}
