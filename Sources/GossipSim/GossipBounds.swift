import Gossip

/// Time bounds derived from the settings, which the simulation tests hold the protocol to.
public enum GossipBounds {
    /// Worst case until every survivor records a crashed member dead, with no help from connection resets:
    /// - one full probe round, `(N − 1) · probeInterval`, until the first survivor's round-robin reaches it,
    /// - that probe's own period, `probeInterval`, after which it is suspected,
    /// - `suspicionMax`, the suspicion timeout with no confirmation at all,
    /// - `retransmitLimit · gossipInterval` for the verdict to spread, plus network delay and tick jitter.
    public static func crashDetection(settings: GossipSettings, members: Int, network: SimNetwork) -> Duration {
        let n = max(2, members)
        let limit = SWIMNode.retransmitLimit(members: n, multiplier: settings.retransmitMultiplier)
        return settings.probeInterval * (n - 1) + settings.probeInterval + settings.suspicionMax
            + settings.gossipInterval * limit + network.maxDelay * 2 + settings.tickInterval * 2
    }

    /// Bound on membership agreement after a partition heals:
    /// - `rejoinInterval` until some node push-pulls with an address it believes dead (across the cut),
    /// - `suspicionMax` during which third parties, told "dead" by the other side, hold it as a mere
    ///   suspicion that the member refutes,
    /// - `pushPullInterval` for anti-entropy to repair anything gossip missed,
    /// - and one more `rejoinInterval` for the other side's own re-join to complete.
    public static func healConvergence(settings: GossipSettings) -> Duration {
        settings.rejoinInterval * 2 + settings.suspicionMax + settings.pushPullInterval
    }
}
