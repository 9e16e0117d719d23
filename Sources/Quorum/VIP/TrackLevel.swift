/// What a node tells its keepalived through the group's track file. The keepalived bridge turns a level
/// into a number (see the Keepalived module's `TrackValues`); the core only decides the level.
///
/// Ordered: `ineligible < standby < successor < owner`.
public enum TrackLevel: Int, Hashable, Codable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// FAULT: the instance drops the VIP at once and advertises priority 0 (track value -254).
    case ineligible = 0
    /// May take over by VRRP when the owner faults, at its configured priority shifted up so the highest
    /// standby sits at 253 (`TrackValues.standbyRaise`).
    case standby = 1
    /// A standby raised for a planned handover: just below the owner, so it takes over fastest (its skew
    /// time shrinks with its priority) yet never preempts an owner that has not let go.
    case successor = 2
    /// Holds a valid grant: a boost above every standby, so VRRP elects it.
    case owner = 3

    public static func < (lhs: TrackLevel, rhs: TrackLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .ineligible: "ineligible"
        case .standby: "standby"
        case .successor: "successor"
        case .owner: "owner"
        }
    }
}
