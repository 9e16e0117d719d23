import SeededRandom
/// Makes damaged variants of valid config texts for the fuzz tests: byte flips, truncations,
/// insertions of TOML tokens, duplicated and swapped lines, and pure random bytes.
struct Mutator {
    var random: SplitMix64

    /// Fragments that matter to a TOML parser or to the schema.
    static let tokens: [String] = [
        "[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\"", "'", "\"\"\"", "'''", "#", "\\", "\\u", "\\U0010FFFF",
        "\n", "\r\n", "\r", "\t", " ", "\u{FEFF}", "é", "😀", "\u{7F}", "\u{1}", "0x", "0o", "0b", "_", "e", "-", "+",
        "inf", "nan", "true", "false", "1979-05-27T07:32:00Z", "07:32:00", "1e400", "9223372036854775808",
        "-9223372036854775808", "[node]", "[network]", "[checks.x]", "[vip_groups.g]", "[[node]]", "name", "listen",
        "seeds", "type", "members", "mode", "vip", "= []", "= {}", "= [[]]", "= \"\"", "[::1]:1", "0.0.0.0:0",
        "a.b.c", "\"\".x", "[=", "[#",
    ]

    mutating func int(_ bound: Int) -> Int { Int.random(in: 0..<max(1, bound), using: &random) }

    mutating func mutate(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0...int(6) {
            apply(to: &bytes)
        }
        return bytes
    }

    private mutating func apply(to bytes: inout [UInt8]) {
        switch int(7) {
        case 0 where !bytes.isEmpty:
            bytes[int(bytes.count)] ^= UInt8(1) << UInt8(int(8))
        case 1 where !bytes.isEmpty:
            bytes.removeLast(int(bytes.count))
        case 2:
            let token = Self.tokens[int(Self.tokens.count)]
            bytes.insert(contentsOf: Array(token.utf8), at: int(bytes.count + 1))
        case 3 where !bytes.isEmpty:
            let start = int(bytes.count)
            let end = min(bytes.count, start + int(40))
            bytes.insert(contentsOf: bytes[start..<end], at: int(bytes.count + 1))
        case 4 where bytes.count > 1:
            bytes.swapAt(int(bytes.count), int(bytes.count))
        case 5 where !bytes.isEmpty:
            let start = int(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + int(20)))
        case 6:
            bytes = (0..<int(300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        default:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: int(bytes.count + 1))
        }
    }

    /// A document made only of tokens, to reach parser states that mutations of valid files miss.
    mutating func tokenSoup() -> String {
        (0..<int(60)).map { _ in Self.tokens[int(Self.tokens.count)] }.joined()
    }
}
