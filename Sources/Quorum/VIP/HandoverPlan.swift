/// A planned handover of a group (`promote`) as a pure state machine: raise the successor, then fault the
/// old owner and grant the successor, until the successor reports MASTER and owns by lease.
///
/// Why this order: after a priority-0 advert the backup takes over after its skew time,
/// (256 − priority)/256 s, so raising the successor first shortens the gap; merely lowering the owner
/// would leave the VIP in place for the full master-down interval. The old owner stays faulted until the
/// successor owns by lease, so it can never preempt the VIP back in between. Every step has a deadline;
/// a plan always ends, completed or aborted, and undoes its raise and fault when it ends.
public struct HandoverPlan: Hashable, Sendable {
    public let group: String
    /// The current owner, giving the group up.
    public let outgoing: NodeID
    /// The node taking the group over.
    public let successor: NodeID
    /// How long each step may take before the plan aborts.
    public let stepTimeoutNanoseconds: Int64
    public private(set) var step: HandoverStep = .notStarted

    private var deadline: Instant = .zero
    private var successorIsMaster = false
    private var successorOwns = false

    public init(group: String, from outgoing: NodeID, to successor: NodeID,
                stepTimeoutNanoseconds: Int64) throws(HandoverPlanError) {
        guard outgoing != successor else { throw .sameNode(outgoing) }
        guard stepTimeoutNanoseconds > 0 else { throw .nonPositiveTimeout(stepTimeoutNanoseconds) }
        self.group = group
        self.outgoing = outgoing
        self.successor = successor
        self.stepTimeoutNanoseconds = stepTimeoutNanoseconds
    }

    /// Starts the plan: the successor is raised first. Does nothing once started.
    public mutating func start(now: Instant) -> [HandoverEffect] {
        guard step == .notStarted else { return [] }
        enter(.raisingSuccessor, now: now)
        return [.raise(successor)]
    }

    /// Advances the plan with one observation.
    public mutating func handle(_ event: HandoverEvent, now: Instant) -> [HandoverEffect] {
        guard !step.isFinished, step != .notStarted else { return [] }
        switch event {
        case .cancel:
            return abort(.cancelled)
        case let .memberLost(node):
            return node == successor ? abort(.successorLost) : []
        case let .vrrpReported(node, state):
            guard node == successor else { return [] }
            if state == .fault { return abort(.successorFaulted) }
            successorIsMaster = state == .master
            return advance(now: now)
        case let .trackLevelReported(node, level):
            guard node == successor else { return [] }
            return noteSuccessorLevel(level, now: now)
        }
    }

    /// Aborts the current step if its deadline has passed.
    public mutating func tick(now: Instant) -> [HandoverEffect] {
        guard !step.isFinished, step != .notStarted, now >= deadline else { return [] }
        return abort(.timedOut(step: step.description))
    }

    private mutating func noteSuccessorLevel(_ level: TrackLevel, now: Instant) -> [HandoverEffect] {
        if step == .raisingSuccessor, level >= .successor {
            enter(.faultingOwner, now: now)
            successorOwns = level == .owner
            return [.fault(outgoing), .grant(successor)] + advance(now: now)
        }
        if step == .faultingOwner {
            successorOwns = level == .owner
            return advance(now: now)
        }
        return []
    }

    /// Completes once the successor is MASTER and owns by lease, in whichever order those arrive.
    private mutating func advance(now: Instant) -> [HandoverEffect] {
        guard step == .faultingOwner, successorIsMaster, successorOwns else { return [] }
        step = .completed
        return [.release(outgoing), .lower(successor), .completed]
    }

    private mutating func abort(_ failure: HandoverFailure) -> [HandoverEffect] {
        let undo: [HandoverEffect] = step == .faultingOwner
            ? [.lower(successor), .release(outgoing)]
            : [.lower(successor)]
        step = .aborted(failure)
        return undo + [.aborted(failure)]
    }

    private mutating func enter(_ next: HandoverStep, now: Instant) {
        step = next
        deadline = now.adding(nanoseconds: stepTimeoutNanoseconds)
    }
}
