/// Parses keepalived's notify FIFO lines: `INSTANCE "NAME" STATE PRIORITY` or `GROUP "NAME" STATE [PRIORITY]`.
///
/// The FIFO is written by another process, so every line is untrusted: anything unexpected yields a typed
/// error, never a crash, and the parser never allocates more than the line's bounded length.
public enum NotifyFIFOParser {
    /// keepalived's lines are short (names are bounded in its config); anything longer is garbage.
    public static let maxLineLength = 1024

    /// Parses one line; a trailing `\n` or `\r\n` is ignored.
    public static func parse(_ line: String) throws(NotifyFIFOParseError) -> NotifyEvent {
        try parse(bytes: Array(line.utf8))
    }

    /// Parses one line given as raw bytes (as read from the FIFO).
    public static func parse(bytes raw: [UInt8]) throws(NotifyFIFOParseError) -> NotifyEvent {
        guard raw.count <= maxLineLength else { throw .tooLong(length: raw.count) }
        var bytes = raw[...]
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            bytes = bytes.dropLast()
        }
        guard !bytes.isEmpty else { throw .empty }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else { throw .notText }
        var rest = Substring(text)
        let kind = try readKind(&rest)
        let name = try readName(&rest)
        let state = try readState(&rest)
        let priority = try readPriority(&rest)
        return NotifyEvent(kind: kind, name: name, state: state, priority: priority)
    }

    private static func readKind(_ rest: inout Substring) throws(NotifyFIFOParseError) -> NotifyEvent.Kind {
        let word = nextWord(&rest)
        guard let kind = NotifyEvent.Kind(rawValue: String(word)) else { throw .unknownKind(String(word)) }
        return kind
    }

    /// A double-quoted name without quotes or control characters inside, followed by a space.
    private static func readName(_ rest: inout Substring) throws(NotifyFIFOParseError) -> String {
        guard rest.first == "\"" else { throw .badName(String(rest)) }
        let body = rest.dropFirst()
        guard let close = body.firstIndex(of: "\"") else { throw .badName(String(rest)) }
        let name = body[..<close]
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw .badName(String(rest))
        }
        rest = body[body.index(after: close)...]
        guard rest.first == " " else { throw .badName(String(rest)) }
        rest = rest.dropFirst()
        return String(name)
    }

    private static func readState(_ rest: inout Substring) throws(NotifyFIFOParseError) -> VRRPNotifyState {
        let word = nextWord(&rest)
        guard let state = VRRPNotifyState(rawValue: String(word)) else { throw .unknownState(String(word)) }
        return state
    }

    private static func readPriority(_ rest: inout Substring) throws(NotifyFIFOParseError) -> Int? {
        guard !rest.isEmpty else { return nil }
        let word = nextWord(&rest)
        guard !word.isEmpty, word.utf8.count <= 3, word.allSatisfy({ $0.isASCII && $0.isNumber }),
              let priority = Int(word), (0...255).contains(priority) else {
            throw .badPriority(String(word))
        }
        guard rest.isEmpty else { throw .trailingText(String(rest)) }
        return priority
    }

    /// The text up to the next single space (consumed); the whole rest if there is none.
    private static func nextWord(_ rest: inout Substring) -> Substring {
        guard let space = rest.firstIndex(of: " ") else {
            defer { rest = rest[rest.endIndex...] }
            return rest
        }
        let word = rest[..<space]
        rest = rest[rest.index(after: space)...]
        return word
    }
}
