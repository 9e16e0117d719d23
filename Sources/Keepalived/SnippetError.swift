/// Why a keepalived snippet cannot be generated: a value keepalived's parser would split or misread.
public enum SnippetError: Error, Hashable, Sendable, CustomStringConvertible {
    case badName(field: String, value: String)
    case badPath(field: String, value: String)
    case initialValueOutOfRange(Int)

    public var description: String {
        switch self {
        case let .badName(field, value):
            "\(field) \(SystemErrorText.excerpt(value)) is not a keepalived name: use 1 to 64 of A-Z, a-z, 0-9, "
                + "'_', '-', '.'"
        case let .badPath(field, value):
            "\(field) \(SystemErrorText.excerpt(value)) must be an absolute path without spaces, quotes, "
                + "'#', '!', braces or control characters"
        case let .initialValueOutOfRange(value):
            "initial track value \(value) is outside -254...254"
        }
    }
}
