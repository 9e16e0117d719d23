import Foundation

/// One tunable of a detection policy, e.g. `failure_count=3` or `latency_threshold=100ms`: its kind
/// decides what text it accepts, so a typo is refused when the operator sets it, not discovered when the
/// event never fires.
public struct EventParameter: Sendable, Hashable {
    /// What a parameter's text means.
    public enum Kind: String, Sendable, Hashable {
        /// A whole number of samples or occurrences, at least 1.
        case count
        /// A number of seconds, e.g. `30` or `2.5`.
        case seconds
        /// A duration with its unit, `100ms` or `2s`; a bare number is milliseconds.
        case milliseconds
        /// A percentage, 0 to 100.
        case percent
        /// A size in bytes, or with a unit: `10GiB`, `512MiB`, `10GB`.
        case bytes
        /// A whole number of days, at least 1.
        case days
    }

    public let key: String
    public let kind: Kind
    /// The default as text, as `events policies` shows it.
    public let defaultText: String

    public init(_ key: String, _ kind: Kind, _ defaultText: String) {
        self.key = key
        self.kind = kind
        self.defaultText = defaultText
    }

    /// The value of `text` in this parameter's base unit (samples, seconds, milliseconds, percent,
    /// bytes, days), or nil when the text is not one.
    public func value(of text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch kind {
        case .count, .days:
            guard let number = Int(trimmed), number >= 1 else { return nil }
            return Double(number)
        case .seconds:
            return Self.number(trimmed.hasSuffix("s") ? String(trimmed.dropLast()) : trimmed, atLeast: 0)
        case .milliseconds:
            if trimmed.hasSuffix("ms") { return Self.number(String(trimmed.dropLast(2)), atLeast: 0) }
            if trimmed.hasSuffix("s") { return Self.number(String(trimmed.dropLast()), atLeast: 0).map { $0 * 1000 } }
            return Self.number(trimmed, atLeast: 0)
        case .percent:
            guard let number = Self.number(trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed, atLeast: 0),
                  number <= 100 else { return nil }
            return number
        case .bytes:
            return Self.bytes(trimmed)
        }
    }

    /// What `value(of:)` accepts, for error messages.
    public var expected: String {
        switch kind {
        case .count: "a whole number of at least 1"
        case .days: "a whole number of days, at least 1"
        case .seconds: "a number of seconds, e.g. 30"
        case .milliseconds: "a duration such as 100ms or 2s"
        case .percent: "a percentage from 0 to 100"
        case .bytes: "a size such as 10737418240, 10GiB or 512MiB"
        }
    }

    private static func number(_ text: String, atLeast minimum: Double) -> Double? {
        guard let number = Double(text), number.isFinite, number >= minimum else { return nil }
        return number
    }

    private static let units: [(String, Double)] = [
        ("kib", 1024), ("mib", 1024 * 1024), ("gib", 1024 * 1024 * 1024), ("tib", 1024 * 1024 * 1024 * 1024),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12), ("b", 1),
    ]

    private static func bytes(_ text: String) -> Double? {
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            return number(String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces), atLeast: 0).map { $0 * factor }
        }
        return number(text, atLeast: 0)
    }
}
