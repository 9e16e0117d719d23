/// The per-node fencing rule: the track level a node must write for one group, from local facts only.
///
/// Letting go is local and immediate: failing checks (unless pinned here), a dead keepalived, an expired
/// lease or a handover that asks this node to step aside make it `ineligible` at once, without asking
/// anyone. Taking over needs the coordinator: only a valid owner lease yields `owner`, and only a valid
/// standby lease lets a node stand by at all — except under `NoQuorumPolicy.freeze`, which keeps the level
/// a node already had while no coordinator answers and the node still hears a fellow member.
///
/// A lease is the quorum's word for a bounded time, so a node keeps its level while its lease is valid,
/// even when no coordinator answers right now: an owner cannot be replaced before its lease ends, and a
/// standby's lease (a lease length from the coordinator's last word) is as short. A coordinator failover
/// therefore costs no VIP — not even one keepalived moved to a standby a moment before. Under `stop`,
/// a node whose leases ran out without a quorum in reach is fenced.
///
/// A standby that does not hear the live owner is fenced too: keepalived would stop hearing the owner's
/// adverts and make it a second MASTER, so it must not be eligible until contact returns.
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
        if let kept = frozenLevel(inputs) { return TrackDecision(level: kept, reason: .frozen) }
        if let end = inputs.standbyLeaseEnd, now < end {
            return inputs.handover == .successor
                ? TrackDecision(level: .successor, reason: .successorLease)
                : TrackDecision(level: .standby, reason: .standbyLease)
        }
        if !inputs.quorumReachable { return TrackDecision(level: .ineligible, reason: .quorumLost) }
        return TrackDecision(level: .ineligible, reason: .noValidLease)
    }

    /// The first local reason to let go, whatever the leases or the policy say.
    private static func fencingReason(_ inputs: TrackInputs) -> TrackReason? {
        if !inputs.keepalivedRunning { return .keepalivedDown }
        if inputs.mode == .passive { return .passive }
        if inputs.handover == .outgoing { return .handingOver }
        if !inputs.checksPassing && !inputs.pinnedHere { return .checksFailing }
        if inputs.ownerOutOfReach { return .ownerOutOfReach }
        if inputs.staleAddressElsewhere { return .addressElsewhere }
        if inputs.advertsMissing { return .advertsMissing }
        if inputs.awaitingHolder { return .awaitingHolder }
        return nil
    }

    /// Under `freeze`, with no coordinator answering, the level held before (a successor falls back to
    /// standby: the handover it was raised for cannot complete without a coordinator). Nil when the
    /// policy does not apply: a coordinator answers, nothing was held, or this node hears no fellow
    /// member (it is the one cut off, so it lets go).
    private static func frozenLevel(_ inputs: TrackInputs) -> TrackLevel? {
        guard inputs.noQuorumPolicy == .freeze, !inputs.quorumReachable || inputs.coordinatorQuiet,
              inputs.hearsAFellowMember, let previous = inputs.previousLevel, previous > .ineligible else { return nil }
        return previous == .successor ? .standby : previous
    }

    public var description: String { "\(level) (\(reason))" }
}
