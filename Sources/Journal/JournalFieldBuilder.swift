import Logging

/// Turns one swift-log event into the fields of one journal entry.
///
/// This is the pure heart of `JournaldLogHandler`: no I/O, so the mapping that operators rely on
/// (`journalctl NODEAGENT_EVENT=peer_rejected`) is unit-tested without a running journald.
public enum JournalFieldBuilder {
    /// Prefix of every metadata field, so our fields never collide with journald's own names and are
    /// easy to find (`journalctl -o verbose` shows them together).
    public static let metadataPrefix = "NODEAGENT_"

    /// journald rejects field names longer than this.
    public static let maximumFieldNameLength = 64

    /// The syslog priority journald expects for a swift-log level.
    ///
    /// swift-log has no "alert"/"emergency", and `trace` has no syslog equivalent, so it shares
    /// `debug` (7): journald filtering by priority (`journalctl -p`) then behaves as operators expect.
    public static func priority(for level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// The journald field name for a metadata key: `NODEAGENT_` + the key in upper case, with every
    /// character outside `A-Z0-9_` replaced by `_`, cut to 64 characters.
    ///
    /// The prefix guarantees the name starts with a letter (journald rejects names starting with a
    /// digit or `_`), and the ASCII-only mapping means no key, however odd, yields an invalid name.
    public static func fieldName(forMetadataKey key: String) -> String {
        var name = metadataPrefix
        let room = maximumFieldNameLength - metadataPrefix.utf8.count
        var used = 0
        for scalar in key.unicodeScalars {
            guard used < room else { break }
            name.unicodeScalars.append(sanitized(scalar))
            used += 1
        }
        return name
    }

    /// Whether `name` is a field name journald accepts from a client: 1…64 characters of `A-Z0-9_`,
    /// starting with a letter. Used by the tests to check `fieldName(forMetadataKey:)` on any input.
    public static func isValidFieldName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, scalars.count <= maximumFieldNameLength else { return false }
        guard ("A"..."Z").contains(first) else { return false }
        return scalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// All fields of the entry for one event, in a stable order: the fixed fields first, then the
    /// metadata sorted by key.
    ///
    /// - Parameters:
    ///   - identifier: `SYSLOG_IDENTIFIER`, what `journalctl -t` filters on.
    ///   - metadata: the merged metadata (handler, provider, call); call-site values must already win.
    public static func fields(
        identifier: String,
        level: Logger.Level,
        message: String,
        metadata: Logger.Metadata,
        file: String,
        function: String,
        line: UInt
    ) -> [JournalField] {
        var fields = [
            JournalField(name: "MESSAGE", value: message),
            JournalField(name: "PRIORITY", value: String(priority(for: level))),
            JournalField(name: "SYSLOG_IDENTIFIER", value: identifier),
            JournalField(name: "CODE_FILE", value: file),
            JournalField(name: "CODE_LINE", value: String(line)),
            JournalField(name: "CODE_FUNC", value: function),
        ]
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            fields.append(JournalField(name: fieldName(forMetadataKey: key), value: render(value)))
        }
        return fields
    }

    /// The text of a metadata value: strings as they are, everything else in swift-log's own rendering.
    public static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array, .dictionary: return value.description
        }
    }

    /// Merges the three metadata sources of swift-log; later sources win, as swift-log documents:
    /// handler metadata < metadata provider < metadata passed at the call site.
    public static func merge(
        handler: Logger.Metadata,
        provided: Logger.Metadata?,
        call: Logger.Metadata?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided { merged.merge(provided) { _, new in new } }
        if let call { merged.merge(call) { _, new in new } }
        return merged
    }

    private static func sanitized(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "A"..."Z", "0"..."9", "_": return scalar
        case "a"..."z": return Unicode.Scalar(scalar.value - 32) ?? "_"
        default: return "_"
        }
    }
}
