/// Why the agent could not start (or reload). Each message names what to fix.
public enum AgentError: Error, Sendable, CustomStringConvertible {
    case config(String)
    case tls(String)
    case identity(String)
    case storage(String)
    case listen(String)

    public var description: String {
        switch self {
        case let .config(message): return "configuration: \(message)"
        case let .tls(message): return "TLS: \(message)"
        case let .identity(message): return "identity: \(message)"
        case let .storage(message): return "storage: \(message)"
        case let .listen(message): return "listen: \(message)"
        }
    }

    /// The sysexits-style code the process exits with, so systemd and scripts can tell a bad config
    /// (78, do not restart in a loop) from a runtime failure.
    public var exitCode: Int32 {
        switch self {
        case .config, .tls, .identity: return 78
        case .storage: return 73
        case .listen: return 69
        }
    }
}
