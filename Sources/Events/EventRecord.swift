/// One entry of a node's event history: an event firing or clearing, with the wall-clock time (the
/// history is read by people and compared across nodes) and the evidence that decided it.
public struct EventRecord: Codable, Sendable, Hashable {
    /// Seconds since 1970, UTC.
    public let time: Double
    public let node: String
    public let policy: String
    public let subject: String
    public let severity: EventSeverity
    public let kind: EventTransition.Kind
    public let evidence: String
    /// For a clear: how long the event was active, in seconds.
    public let activeSeconds: Double?

    public init(time: Double, node: String, policy: String, subject: String, severity: EventSeverity,
                kind: EventTransition.Kind, evidence: String, activeSeconds: Double? = nil) {
        self.time = time
        self.node = node
        self.policy = policy
        self.subject = subject
        self.severity = severity
        self.kind = kind
        self.evidence = evidence
        self.activeSeconds = activeSeconds
    }
}
