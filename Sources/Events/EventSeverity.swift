/// How much an event matters, in the three levels of the managed-database consoles operators know:
/// `fatal` needs a person now (a service is or will be unavailable), `critical` will become fatal if
/// left alone, `normal` is worth knowing and rarely worth waking anyone for.
public enum EventSeverity: String, Codable, Sendable, CaseIterable, Comparable {
    case fatal
    case critical
    case normal

    /// The syslog priority of the journald entry when the event fires: fatal is `crit` (2), critical
    /// is `err` (3), normal is `warning` (4), so `journalctl -p err` shows everything that needs a person.
    public var firedPriority: Int {
        switch self {
        case .fatal: 2
        case .critical: 3
        case .normal: 4
        }
    }

    /// A clear is good news: `notice` (5) whatever the severity, so it never pages anyone.
    public static let clearedPriority = 5

    /// Most severe first.
    private var rank: Int {
        switch self {
        case .fatal: 0
        case .critical: 1
        case .normal: 2
        }
    }

    public static func < (lhs: EventSeverity, rhs: EventSeverity) -> Bool { lhs.rank < rhs.rank }
}
