import Logging

/// One `NAME=value` pair of a journal entry.
///
/// The value is kept as raw bytes because journald fields are binary-safe: a value may hold newlines
/// or bytes that are not UTF-8, and the native protocol carries them by length, not by terminator.
public struct JournalField: Sendable, Hashable, CustomStringConvertible {
    /// The field name, already valid for journald (see `JournalFieldBuilder.fieldName(forMetadataKey:)`).
    public let name: String
    /// The raw value bytes.
    public let value: [UInt8]

    /// Makes a field from a name and text; the text is stored as its UTF-8 bytes.
    public init(name: String, value: String) {
        self.name = name
        self.value = Array(value.utf8)
    }

    /// Makes a field from a name and raw bytes, for values that are not text.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.value = bytes
    }

    /// The value decoded as UTF-8 (invalid bytes replaced), for tests and diagnostics.
    public var stringValue: String { String(decoding: value, as: UTF8.self) }

    /// The `NAME=value` bytes exactly as handed to `sd_journal_sendv`, which itself switches to the
    /// length-prefixed encoding when the value contains a newline.
    public var assignment: [UInt8] { Array(name.utf8) + [UInt8(ascii: "=")] + value }

    public var description: String { "\(name)=\(stringValue)" }
}
