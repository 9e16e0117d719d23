/// The numbers a node writes into a group's track file (weight 1), computed from the group's priorities.
///
/// keepalived adds value × weight to the instance priority and clamps the result to 1...254; a result
/// below -253 puts the instance in FAULT. So: `ineligible` (-254) faults at once; `standbyRaise` lifts
/// every member by the same amount, so the highest standby sits at 253 and the order of the configured
/// priorities is kept; `ownerBoost` lifts ANY member to 254, above EVERY standby.
///
/// Why raise standbys at all: after the owner's priority-0 advert a backup takes over after its skew
/// time, (256 − priority)/256 s — 0.6 s at priority 100, 0.2 s at 203. High priorities make every
/// failover the agent starts (failing checks, fencing, handover) faster, and only the agent's own
/// track files decide them.
public struct TrackValues: Hashable, Sendable {
    /// FAULT: priority-0 advert, the VIP is dropped at once.
    public static let ineligible = -254
    /// The neutral value: the configured priority unchanged (what a restarted keepalived's tests use).
    public static let standby = 0
    /// The highest effective priority keepalived allows a non-address-owner.
    public static let maxEffectivePriority = 254

    /// Member name → configured VRRP priority.
    public let priorities: [String: Int]
    /// 254 − the lowest priority: whoever owns reaches keepalived's maximum, 254.
    public let ownerBoost: Int
    /// 253 − the highest priority: the highest standby reaches 253, just below any owner.
    public let standbyRaise: Int

    /// Fails on an empty group, a priority outside 1...253 (254 could not be beaten once the owner's
    /// boosted priority is clamped to 254; 255 is the address owner, which ignores track files).
    public init(priorities: [String: Int]) throws(TrackValuesError) {
        guard let low = priorities.values.min(), let high = priorities.values.max() else { throw .noMembers }
        for (name, priority) in priorities.sorted(by: { $0.key < $1.key }) where !(1...253).contains(priority) {
            throw .priorityOutOfRange(member: name, priority: priority)
        }
        self.priorities = priorities
        self.ownerBoost = Self.maxEffectivePriority - low
        self.standbyRaise = Self.maxEffectivePriority - 1 - high
    }

    /// The effective priority keepalived gives `member` when it writes `value`, or nil for FAULT or an
    /// unknown member. Lets tests (and the admin view) reason in keepalived's own terms.
    public func effectivePriority(of member: String, writing value: Int) -> Int? {
        guard let base = priorities[member], value > -254 else { return nil }
        return min(Self.maxEffectivePriority, max(1, base + value))
    }

    /// The value that raises `successor` to just below `owner`'s boosted priority for a planned handover:
    /// the higher a backup's priority, the shorter its skew time after the owner's priority-0 advert, but it
    /// must stay below the owner so it never preempts an owner that has not let go.
    public func successorRaise(successor: String, owner: String) throws(TrackValuesError) -> Int {
        guard let ownerPriority = priorities[owner] else { throw .unknownMember(owner) }
        guard let successorPriority = priorities[successor] else { throw .unknownMember(successor) }
        let ownerEffective = min(Self.maxEffectivePriority, ownerPriority + ownerBoost)
        return max(standbyRaise, ownerEffective - 1 - successorPriority)
    }
}
