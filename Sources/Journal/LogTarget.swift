/// Where the agent's logs go. Chosen by `--log` or the `NODEAGENT_LOG` environment variable.
public enum LogTarget: String, Sendable, CaseIterable, CustomStringConvertible {
    /// journald when its socket exists (the agent runs under systemd), else stderr.
    case auto
    /// Always journald; an entry journald cannot take (no socket, refused) is written to stderr instead.
    case journald
    /// Always stderr: for a shell, a container, or a test that reads the output.
    case stderr

    /// The environment variable the agent reads its log target from.
    public static let environmentVariable = "NODEAGENT_LOG"

    /// Parses a value of `NODEAGENT_LOG`: `auto`, `journald` or `stderr`, case-insensitive, spaces
    /// around ignored. Anything else is an error rather than a silent default, so a typo in a unit
    /// file is noticed.
    public init(parsing text: String) throws(LogTargetParseError) {
        let normalized = text.trimmingSpaces().lowercased()
        guard let target = LogTarget(rawValue: normalized) else {
            throw LogTargetParseError(value: text)
        }
        self = target
    }

    /// The target named by `NODEAGENT_LOG` in `environment`, `.auto` when the variable is unset or empty.
    public static func fromEnvironment(_ environment: [String: String]) throws(LogTargetParseError) -> LogTarget {
        guard let value = environment[environmentVariable], !value.trimmingSpaces().isEmpty else {
            return .auto
        }
        return try LogTarget(parsing: value)
    }

    public var description: String { rawValue }
}

/// `NODEAGENT_LOG` held a value that is not a log target.
public struct LogTargetParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value as found, for the message.
    public let value: String

    public init(value: String) { self.value = value }

    public var description: String {
        let allowed = LogTarget.allCases.map(\.rawValue).joined(separator: ", ")
        return "\(LogTarget.environmentVariable)=\"\(value)\" is not a log target; use one of: \(allowed)"
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
