import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The fallback log handler for when no journald is there (a developer's shell, a container, tests):
/// one line per entry on stderr, `timestamp level [label] message key=value …`.
///
/// Each line is built completely and written under a process-wide lock with one `write(2)` loop, so
/// two threads logging at once never interleave partial lines.
public struct StderrLogHandler: LogHandler {
    /// The swift-log label, shown in brackets so subsystems can be told apart.
    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var callMetadata = event.metadata ?? [:]
        if let error = event.error, callMetadata["error"] == nil {
            callMetadata["error"] = .string(String(describing: error))
        }
        let merged = JournalFieldBuilder.merge(
            handler: metadata, provided: metadataProvider?.get(), call: callMetadata)
        let line = Self.formatLine(
            timestamp: Date(), level: event.level, label: label,
            message: event.message.description, metadata: merged)
        StandardErrorWriter.shared.write(line + "\n")
    }

    /// The text of one entry, without the trailing newline. Pure, so its format is unit-tested.
    ///
    /// Newlines and other control characters in the message or values are escaped, because "one line
    /// per entry" is what lets `grep` and log shippers treat a line as a record. Values are quoted when
    /// they contain spaces, quotes, `=`, or are empty, so `key=value` pairs stay unambiguous.
    public static func formatLine(
        timestamp: Date,
        level: Logger.Level,
        label: String,
        message: String,
        metadata: Logger.Metadata
    ) -> String {
        var line = "\(formatTimestamp(timestamp)) \(level.rawValue.uppercased()) [\(escape(label))] \(escape(message))"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(formatKey(key))=\(quoteIfNeeded(JournalFieldBuilder.render(value)))"
        }
        return line
    }

    /// UTC, millisecond precision, ISO 8601: sortable and unambiguous across nodes in different zones.
    public static func formatTimestamp(_ date: Date) -> String {
        let millisecondsSinceEpoch = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard millisecondsSinceEpoch.isFinite, abs(millisecondsSinceEpoch) < 1e15 else { return "invalid-time" }
        let totalMilliseconds = Int64(millisecondsSinceEpoch)
        var seconds = time_t(totalMilliseconds.floorDivided(by: 1000))
        let milliseconds = Int(totalMilliseconds - Int64(seconds) * 1000)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "invalid-time" }
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), milliseconds)
    }

    /// A metadata key as written before `=`: spaces, quotes and `=` become `_`, so a line still splits
    /// unambiguously into `key=value` pairs whatever the keys are.
    public static func formatKey(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        return String(String.UnicodeScalarView(escape(key).unicodeScalars.map {
            $0 == "=" || $0 == "\"" || $0.properties.isWhitespace ? "_" : $0
        }))
    }

    /// The value as written after `key=`: bare when it is a simple token, else double-quoted.
    public static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\t" || $0.properties.isWhitespace
                || $0.properties.generalCategory == .control
        }
        guard needsQuotes else { return value }
        return "\"" + escape(value).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Makes text single-line: backslash, newline, carriage return and tab get C-style escapes, other
    /// control characters `\u{…}`.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so times before 1970 still split correctly.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
