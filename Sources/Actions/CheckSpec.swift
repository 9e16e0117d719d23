/// One named health check with the semantics of a keepalived `vrrp_script` (interval, timeout,
/// `fall`, `rise`), so operators can carry their settings over. The agent builds these from its
/// configuration; the state machine and the runner take nothing else.
public struct CheckSpec: Sendable, Equatable, Hashable {
    /// Unique among the node's checks; the key of the check in logs and gossip metadata.
    public var name: String
    public var probe: ProbeKind
    /// Time between the starts of two probes.
    public var interval: Duration
    /// A probe running longer than this is a failure. Should be below `interval`, else due ticks are
    /// skipped while the probe runs.
    public var timeout: Duration
    /// Consecutive failures that make the check `failing`. Values below 1 count as 1.
    public var fall: Int
    /// Consecutive successes that make the check `passing`. Values below 1 count as 1.
    public var rise: Int

    public init(name: String, probe: ProbeKind, interval: Duration = .seconds(1),
                timeout: Duration = .milliseconds(500), fall: Int = 2, rise: Int = 1) {
        self.name = name
        self.probe = probe
        self.interval = interval
        self.timeout = timeout
        self.fall = fall
        self.rise = rise
    }

    /// `fall` clamped to at least 1, so a zero or negative setting can never mean "never fail".
    public var effectiveFall: Int { max(1, fall) }
    /// `rise` clamped to at least 1.
    public var effectiveRise: Int { max(1, rise) }
    /// `interval` clamped to at least 1 ms, so a zero interval cannot spin the driver.
    public var effectiveInterval: Duration { max(.milliseconds(1), interval) }
    /// `timeout` clamped to at least 1 ms.
    public var effectiveTimeout: Duration { max(.milliseconds(1), timeout) }
}
