/// A change of membership worth a journald line and a reaction from the layers above (quorum, VIP arbiter).
public enum MembershipEvent: Sendable, Equatable, CustomStringConvertible {
    /// A member was seen for the first time.
    case joined(MemberID, incarnation: UInt64)
    /// A member failed a probe (here or at `suspector`) and will be declared dead unless it refutes.
    case suspected(MemberID, incarnation: UInt64, suspector: String)
    /// A suspected member refuted the suspicion with a higher incarnation.
    case alive(MemberID, incarnation: UInt64)
    /// A member's suspicion ran out without refutation.
    case dead(MemberID, incarnation: UInt64)
    /// A member left gracefully.
    case left(MemberID, incarnation: UInt64)
    /// A member recorded as dead or left is alive again (restart or healed partition).
    case rejoined(MemberID, incarnation: UInt64)

    /// The member the event is about.
    public var member: MemberID {
        switch self {
        case .joined(let m, _), .suspected(let m, _, _), .alive(let m, _), .dead(let m, _),
             .left(let m, _), .rejoined(let m, _):
            return m
        }
    }

    /// The member's incarnation the event refers to.
    public var incarnation: UInt64 {
        switch self {
        case .joined(_, let i), .suspected(_, let i, _), .alive(_, let i), .dead(_, let i),
             .left(_, let i), .rejoined(_, let i):
            return i
        }
    }

    /// A short stable name for structured logging (`EVENT=`).
    public var kind: String {
        switch self {
        case .joined: return "joined"
        case .suspected: return "suspected"
        case .alive: return "alive"
        case .dead: return "dead"
        case .left: return "left"
        case .rejoined: return "rejoined"
        }
    }

    public var description: String {
        if case .suspected(let m, let i, let by) = self {
            return "suspected \(m) incarnation \(i) by \(by)"
        }
        return "\(kind) \(member) incarnation \(incarnation)"
    }
}
