/// How long the conductor waits for an answer before asking again. Answers get lost (a message, a
/// coordinator); asking again is always safe because every request is idempotent by its id.
public struct ConductorTimeouts: Hashable, Sendable {
    /// A record to commit.
    public var record: Duration = .seconds(5)
    /// A VIP move to be done and served.
    public var move: Duration = .seconds(30)
    /// A node's answer to a run or a query.
    public var answer: Duration = .seconds(5)
    /// Unanswered queries for this long beyond the step's timeout: the outcome is unknown.
    public var unreachable: Duration = .seconds(60)
    /// Slack beyond a health gate's own deadline.
    public var gateSlack: Duration = .seconds(10)

    public init() {}
}
