/// A transport keep-alive. The receiver echoes it back as a pong with the same fields, so the sender
/// measures the round trip with its own clock only.
public struct Ping: Codable, Sendable, Equatable {
    public var sequence: UInt64
    /// The sender's monotonic time in nanoseconds when it sent the ping.
    public var sentNanos: UInt64

    public init(sequence: UInt64, sentNanos: UInt64) {
        self.sequence = sequence
        self.sentNanos = sentNanos
    }
}
