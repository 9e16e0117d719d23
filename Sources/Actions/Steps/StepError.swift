/// Why the node side of an operation could not do what it was asked.
public enum StepError: Error, Hashable, Sendable, CustomStringConvertible {
    case journal(path: String, reason: String)

    public var description: String {
        switch self {
        case let .journal(path, reason): "attempt journal \(path): \(reason)"
        }
    }
}
