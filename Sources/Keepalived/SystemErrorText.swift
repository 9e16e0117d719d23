#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text helpers for error messages: errno names and safe excerpts of untrusted input.
enum SystemErrorText {
    /// `strerror` text with the number, e.g. `No such file or directory (errno 2)`.
    static func describe(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }

    /// At most `limit` characters of `text`, control and non-ASCII characters escaped, in quotes, so an
    /// error message about garbage can never itself carry garbage into a log.
    static func excerpt(_ text: some StringProtocol, limit: Int = 64) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            if scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F, scalar != "\\", scalar != "\"" {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        if text.unicodeScalars.count > limit { out += "…" }
        return "\"\(out)\""
    }
}
