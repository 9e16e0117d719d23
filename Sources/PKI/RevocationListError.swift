/// Why the revocation list (`[tls] revoked` file) could not be used.
///
/// A bad list is an error rather than silently skipped lines: a typo in a serial would otherwise leave a
/// compromised certificate trusted without anybody noticing.
public enum RevocationListError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// A line is not a serial in hex; `line` is 1-based.
    case invalidLine(line: Int, content: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read revocation list \(path): \(reason)"
        case .invalidLine(let line, let content, let reason):
            return "revocation list line \(line) \"\(content)\": \(reason)"
        }
    }
}
