/// An event firing or clearing: what the detector returns and the driver journals and records.
public struct EventTransition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case fired
        case cleared
    }

    public let kind: Kind
    public let policy: String
    /// What the event is about, e.g. a replica's name or a VIP group; empty for the node itself.
    public let subject: String
    public let severity: EventSeverity
    public let evidence: String
    /// The time of the reading that decided it, on the driver's monotonic clock.
    public let at: Duration

    public init(kind: Kind, policy: String, subject: String, severity: EventSeverity, evidence: String, at: Duration) {
        self.kind = kind
        self.policy = policy
        self.subject = subject
        self.severity = severity
        self.evidence = evidence
        self.at = at
    }
}
