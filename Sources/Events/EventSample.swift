/// One reading of one policy for one subject, as a sampler hands it to the monitor.
public struct EventSample: Sendable, Hashable {
    public let policy: String
    /// What the reading is about (a replica, a VIP group, a check); empty for the node itself.
    public let subject: String
    public let reading: EventReading

    public init(_ policy: String, subject: String = "", _ reading: EventReading) {
        self.policy = policy
        self.subject = subject
        self.reading = reading
    }
}
