/// Checks raw text for the inputs that the bundled TOML parser cannot be trusted with, before it
/// sees them.
///
/// Found by fuzzing toml++ 3.4.0 (inside TOMLKit 0.6.0): a table header whose `[` or `[[` is followed
/// by a character that can start no key (`[=`, `[#`, `[[[`, `[` + newline) trips an internal
/// assertion and aborts the process in debug builds (undefined behaviour in release builds). And
/// TOMLKit hands text and keys to C as NUL-terminated strings, so a NUL character, literal or
/// escaped, would silently cut a value or a key short (and a cut key makes TOMLKit's own table
/// iterator force-unwrap nil). And a `}` where an array element should start (`[}`, `[1, }`) trips
/// another assertion. All are refused here as syntax errors with a position.
enum TOMLPreflight {
    /// Throws the first dangerous construct found; returns normally when the parser may be called.
    static func check(_ text: String) throws(ConfigError) {
        var scanner = Scanner(bytes: Array(text.utf8))
        try scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var column = 1
        /// The open `[`/`{` of values, innermost last; a `[` outside any that starts a line is a table header.
        var openers: [UInt8] = []
        var depth: Int { openers.count }
        /// True right after a value array's `[` or `,`: only an element (or `]`) may follow.
        var awaitingElement = false
        /// True while only whitespace has been seen on the current logical line.
        var atLineStart = true
        /// True from a table header's `[` to the end of its line: brackets there are not values.
        var inHeader = false

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // toml++ skips a UTF-8 byte-order mark; so must the header detection.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func run() throws(ConfigError) {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0:
                    throw error("NUL characters are not allowed")
                case UInt8(ascii: "\n"):
                    advance()
                    if depth == 0 { atLineStart = true; inHeader = false }
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    advance()
                case UInt8(ascii: "#"):
                    skipComment()
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    atLineStart = false
                    awaitingElement = false
                    try skipString()
                case UInt8(ascii: "["):
                    try openBracket()
                case UInt8(ascii: "{"):
                    atLineStart = false
                    awaitingElement = false
                    if !inHeader { openers.append(byte) }
                    advance()
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if byte == UInt8(ascii: "}") && awaitingElement && !inHeader {
                        throw error("'}' where an array element should start")
                    }
                    atLineStart = false
                    awaitingElement = false
                    if !inHeader && !openers.isEmpty { openers.removeLast() }
                    advance()
                case UInt8(ascii: ","):
                    atLineStart = false
                    awaitingElement = !inHeader && openers.last == UInt8(ascii: "[")
                    advance()
                default:
                    atLineStart = false
                    awaitingElement = false
                    advance()
                }
            }
        }

        private mutating func openBracket() throws(ConfigError) {
            if atLineStart && depth == 0 && !inHeader {
                atLineStart = false
                inHeader = true
                try checkHeaderStart()
                return
            }
            atLineStart = false
            if !inHeader {
                openers.append(UInt8(ascii: "["))
                awaitingElement = true
            }
            advance()
        }

        /// At the `[` of a table header: the first non-blank character after `[` or `[[` must be able
        /// to start a key, or be `]` (which toml++ reports properly).
        private mutating func checkHeaderStart() throws(ConfigError) {
            advance()
            let hadBlank = skipBlanks()
            if !hadBlank && peek == UInt8(ascii: "[") {
                advance()
                _ = skipBlanks()
            } else if peek == UInt8(ascii: "[") {
                return  // "[ [": toml++ reports this itself
            }
            guard let next = peek else { return }
            if Self.canStartHeaderKey(next) { return }
            throw error("a table header must start with a key name after '['")
        }

        private static func canStartHeaderKey(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                 UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
                true
            default:
                false
            }
        }

        private mutating func skipBlanks() -> Bool {
            var skipped = false
            while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                advance()
                skipped = true
            }
            return skipped
        }

        private mutating func skipComment() {
            while let byte = peek, byte != UInt8(ascii: "\n"), byte != 0 {
                advance()
            }
        }

        /// Skips a basic or literal string, single- or multi-line, refusing NUL and `\u0000` inside.
        private mutating func skipString() throws(ConfigError) {
            guard let quote = peek else { return }
            let multiline = matches([quote, quote, quote])
            let basic = quote == UInt8(ascii: "\"")
            advance(multiline ? 3 : 1)
            while let byte = peek {
                if byte == 0 { throw error("NUL characters are not allowed") }
                if basic && byte == UInt8(ascii: "\\") {
                    try checkEscape()
                    continue
                }
                if byte == UInt8(ascii: "\n") && !multiline { return }
                if byte == quote {
                    if !multiline { advance(); return }
                    if matches([quote, quote, quote]) {
                        advance(3)
                        // A closing delimiter may be followed by up to two more quotes of content.
                        var extra = 0
                        while extra < 2 && peek == quote { advance(); extra += 1 }
                        return
                    }
                }
                advance()
            }
        }

        /// At a backslash inside a basic string: refuses escapes that decode to NUL.
        private mutating func checkEscape() throws(ConfigError) {
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            var width: Int?
            if next == UInt8(ascii: "u") { width = 4 }
            if next == UInt8(ascii: "U") { width = 8 }
            if let width, index + 2 + width <= bytes.count,
               bytes[(index + 2)..<(index + 2 + width)].allSatisfy({ $0 == UInt8(ascii: "0") }) {
                throw error("the escape for the NUL character is not allowed")
            }
            advance(next == nil ? 1 : 2)
        }

        private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        private func matches(_ pattern: [UInt8]) -> Bool {
            index + pattern.count <= bytes.count && Array(bytes[index..<(index + pattern.count)]) == pattern
        }

        /// Moves on, counting lines and columns in Unicode scalars as toml++ does.
        private mutating func advance(_ count: Int = 1) {
            for _ in 0..<count where index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }

        private func error(_ message: String) -> ConfigError {
            .syntax(line: line, column: column, message: message)
        }
    }
}
