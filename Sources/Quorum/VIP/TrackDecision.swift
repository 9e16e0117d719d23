/// The per-node fencing rule: the track level a node must write for one group, from local facts only.
///
/// Letting go is local and immediate: lost quorum, failing checks (unless pinned here), an expired lease or
/// a handover that asks this node to step aside make it `ineligible` at once, without asking anyone.
/// Taking over needs the coordinator: only a valid owner lease yields `owner`, and only a valid standby
/// lease lets a node stand by at all.
public struct TrackDecision: Hashable, Codable, Sendable, CustomStringConvertible {
    public let level: TrackLevel
    public let reason: TrackReason

    public init(level: TrackLevel, reason: TrackReason) {
        self.level = level
        self.reason = reason
    }

    /// The level for `inputs` at local time `now`. A lease is valid while `now` is strictly before its end.
    public static func decide(_ inputs: TrackInputs, now: Instant) -> TrackDecision {
        if let fence = fencingReason(inputs) { return TrackDecision(level: .ineligible, reason: fence) }
        if let end = inputs.ownerLeaseEnd, now < end { return TrackDecision(level: .owner, reason: .ownerLease) }
        if let end = inputs.standbyLeaseEnd, now < end {
            return inputs.handover == .successor
                ? TrackDecision(level: .successor, reason: .successorLease)
                : TrackDecision(level: .standby, reason: .standbyLease)
        }
        return TrackDecision(level: .ineligible, reason: .noValidLease)
    }

    /// The first local reason to let go, whatever the leases say.
    private static func fencingReason(_ inputs: TrackInputs) -> TrackReason? {
        if !inputs.quorumReachable { return .quorumLost }
        if inputs.mode == .passive { return .passive }
        if inputs.handover == .outgoing { return .handingOver }
        if !inputs.checksPassing && !inputs.pinnedHere { return .checksFailing }
        return nil
    }

    public var description: String { "\(level) (\(reason))" }
}
