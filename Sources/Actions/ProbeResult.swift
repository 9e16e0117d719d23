/// The outcome of one probe. Probes never throw: every way a probe can go wrong (refused, timed
/// out, no docker engine, bad URL) is a failure whose `detail` says which, because the operator
/// reads it in the `check_failed` log line.
public struct ProbeResult: Sendable, Equatable {
    public var success: Bool
    /// One line for humans, e.g. "connected to 127.0.0.1:80" or "HTTP 503 (expected 200)".
    public var detail: String
    /// How long the probe took.
    public var duration: Duration

    public init(success: Bool, detail: String, duration: Duration) {
        self.success = success
        self.detail = detail
        self.duration = duration
    }
}
