/// How a check came out. `unknown` is its own status, never folded into `ok`: a check whose source
/// is missing (no systemd, no journal, no sshd) or unreadable says so instead of passing silently.
public enum DiagnosticStatus: String, Codable, Sendable, CaseIterable {
    case ok
    case warning
    case critical
    case unknown

    /// Order for "worst first": critical, warning, unknown, ok — what an operator reads first.
    public var severity: Int {
        switch self {
        case .critical: 3
        case .warning: 2
        case .unknown: 1
        case .ok: 0
        }
    }
}
