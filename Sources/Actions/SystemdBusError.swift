/// Why the systemd probe got no unit state, worded for the operator reading `check_failed`.
enum SystemdBusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bus could not be reached; `booted` is false where systemd is not PID 1.
    case noBus(reason: String, booted: Bool)
    /// The bus answers but no systemd manager is on it.
    case noManager(String)
    /// The connection broke during the call; the next probe connects again.
    case lost(String)
    /// systemd refused the call, e.g. an invalid unit name.
    case refused(String)

    var description: String {
        switch self {
        case .noBus(let reason, false):
            "systemd is not running here (not booted with systemd; cannot connect to the system bus: \(reason))"
        case .noBus(let reason, true):
            "cannot connect to the system bus (\(reason))"
        case .noManager(let reason):
            "systemd is not running here (no org.freedesktop.systemd1 on the bus: \(reason))"
        case .lost(let reason):
            "lost the connection to the system bus (\(reason)); the next probe connects again"
        case .refused(let reason):
            reason
        }
    }
}
