/// Why a notify FIFO line was refused. The reader reports these and carries on: one bad line must never
/// stop the bridge from seeing the next transition.
public enum NotifyFIFOParseError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(length: Int)
    /// Not valid UTF-8 text.
    case notText
    /// The first word is not INSTANCE or GROUP (e.g. the checker's `VS`/`RS` lines).
    case unknownKind(String)
    /// The name is not a non-empty double-quoted string.
    case badName(String)
    case unknownState(String)
    case badPriority(String)
    case trailingText(String)

    public var description: String {
        switch self {
        case .empty: "empty line"
        case let .tooLong(length): "line of \(length) bytes exceeds the \(NotifyFIFOParser.maxLineLength)-byte limit"
        case .notText: "line is not UTF-8 text"
        case let .unknownKind(word): "expected INSTANCE or GROUP, got \(SystemErrorText.excerpt(word))"
        case let .badName(text): "expected a double-quoted name, got \(SystemErrorText.excerpt(text))"
        case let .unknownState(word): "unknown VRRP state \(SystemErrorText.excerpt(word))"
        case let .badPriority(word): "priority must be an integer in 0...255, got \(SystemErrorText.excerpt(word))"
        case let .trailingText(text): "unexpected text after the priority: \(SystemErrorText.excerpt(text))"
        }
    }
}
