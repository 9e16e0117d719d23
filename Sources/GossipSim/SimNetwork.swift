/// How the simulated network misbehaves: every message gets a random delay in `minDelay...maxDelay`
/// (so messages reorder), and may be lost or duplicated.
public struct SimNetwork: Sendable, Equatable {
    public var minDelay: Duration
    public var maxDelay: Duration
    /// Probability in 0...1 that a message is dropped.
    public var lossRate: Double
    /// Probability in 0...1 that a message is delivered twice (with independent delays).
    public var duplicateRate: Double
    /// Whether sending to a crashed node reports `onSendFailed` to the sender (a TCP connection refused).
    public var reportRefused: Bool

    public init(minDelay: Duration = .microseconds(200), maxDelay: Duration = .milliseconds(5),
                lossRate: Double = 0, duplicateRate: Double = 0, reportRefused: Bool = false) {
        self.minDelay = minDelay
        self.maxDelay = maxDelay
        self.lossRate = lossRate
        self.duplicateRate = duplicateRate
        self.reportRefused = reportRefused
    }

    /// A LAN over persistent TLS connections: sub-ms to few-ms delays, no loss.
    public static let lan = SimNetwork()
}
