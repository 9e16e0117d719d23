/// Lowercase hexadecimal, the one spelling of serials and fingerprints inside nodeagent.
///
/// openssl prints the same bytes in uppercase, sometimes with colons; `canonicalSerial` folds all those
/// spellings into one so that a serial copied from `openssl x509 -serial` matches.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`, two digits per byte, no separators.
    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical form of a serial written in hex: colons and whitespace removed, lowercase, leading
    /// zeros dropped (a serial is an integer; DER adds a 00 byte when the top bit is set, openssl does
    /// not print it). Returns nil when anything else than hex digits, colons or spaces is present.
    static func canonicalSerial(_ text: Substring) -> String? {
        var significant: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
                significant.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                significant.append(byte + 32)
            default:
                return nil
            }
        }
        guard !significant.isEmpty else { return nil }
        let trimmed = significant.drop(while: { $0 == UInt8(ascii: "0") })
        return trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
    }
}
