/// Why a node configuration was refused.
///
/// Every case names the dotted key (or the file position) so that an operator reading one line in the
/// journal knows exactly what to edit. A node refuses to start on any of these rather than guess: a
/// half-understood configuration in an HA fleet is worse than a node that stays down.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not valid TOML (or not valid UTF-8); `line` and `column` are 1-based.
    case syntax(line: Int, column: Int, message: String)
    /// A key is present but its value is wrong; `key` is dotted, e.g. `network.listen`.
    case invalid(key: String, message: String)
    /// A key the schema does not know. Refused rather than ignored, because a typo such as `seed`
    /// for `seeds` would otherwise silently fall back to a default.
    case unknownKey(key: String, suggestion: String?)
    /// A required key is absent.
    case missing(key: String)
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)

    /// The dotted key the error is about, or nil for errors about the whole file.
    public var key: String? {
        switch self {
        case .invalid(let key, _), .unknownKey(let key, _), .missing(let key): key
        case .syntax, .unreadable: nil
        }
    }

    public var description: String {
        switch self {
        case .syntax(let line, let column, let message):
            "TOML syntax error at line \(line), column \(column): \(Self.oneLine(message))"
        case .invalid(let key, let message):
            "\(key): \(Self.oneLine(message))"
        case .unknownKey(let key, let suggestion):
            Self.describeUnknown(key: key, suggestion: suggestion)
        case .missing(let key):
            "\(key): required key is missing"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(Self.oneLine(reason))"
        }
    }

    private static func describeUnknown(key: String, suggestion: String?) -> String {
        let split = KeyPath.splitLast(key)
        let place = split.table.isEmpty ? "at top level" : "in [\(split.table)]"
        var text = "\(key): unknown key \"\(split.last)\" \(place)"
        if let suggestion {
            text += " — did you mean \"\(suggestion)\"?"
        }
        return text
    }

    /// Journald and terminals expect one line per message; an embedded newline from a value or from
    /// the TOML parser must not split it.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
