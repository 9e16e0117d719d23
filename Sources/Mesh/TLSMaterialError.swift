/// Why the node's TLS files could not be used.
public enum TLSMaterialError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, what: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, what):
            return "cannot read the \(what) at \(path): missing or not readable"
        case let .invalid(path, reason):
            return path.isEmpty ? reason : "\(path): \(reason)"
        }
    }
}
