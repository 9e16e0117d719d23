/// A check changed state: what the agent logs (`check_failed` when `to` is `failing`,
/// `check_recovered` when a failing check passes again) and gossips.
public struct CheckTransition: Sendable, Equatable {
    public var check: String
    public var from: CheckState
    public var to: CheckState
    /// The detail of the result that decided it, e.g. "HTTP 503 Service Unavailable (expected 200)".
    public var detail: String
    /// The runner's time of the transition, since it started.
    public var at: Duration

    public init(check: String, from: CheckState, to: CheckState, detail: String, at: Duration) {
        self.check = check
        self.from = from
        self.to = to
        self.detail = detail
        self.at = at
    }

    /// The journald event name for this transition, or nil for a first verdict of `passing`, which
    /// is not news (the node simply finished starting).
    public var eventName: String? {
        switch (from, to) {
        case (_, .failing): "check_failed"
        case (.failing, .passing): "check_recovered"
        default: nil
        }
    }
}
