import Foundation

/// One `-----BEGIN X-----` … `-----END X-----` block of a PEM file.
///
/// We read PEM ourselves rather than through a one-document parser because openssl happily writes
/// several blocks into one file (an `EC PARAMETERS` block before the key, a chain after a certificate),
/// and the operator should not have to edit those files by hand.
struct PEMBlock: Equatable {
    /// The label between BEGIN and the dashes, e.g. `CERTIFICATE` or `PRIVATE KEY`.
    var label: String
    /// The base64-decoded body.
    var der: [UInt8]

    private static let begin = "-----BEGIN "
    private static let end = "-----END "
    private static let dashes = "-----"

    /// All well-formed blocks of `text`, in order; malformed ones are skipped.
    static func blocks(in text: String) -> [PEMBlock] {
        var result: [PEMBlock] = []
        var remainder = Substring(text)
        while let beginRange = remainder.range(of: begin) {
            remainder = remainder[beginRange.upperBound...]
            guard let labelEnd = remainder.range(of: dashes) else { break }
            let label = String(remainder[..<labelEnd.lowerBound])
            remainder = remainder[labelEnd.upperBound...]
            guard let endRange = remainder.range(of: end + label + dashes) else { continue }
            let body = remainder[..<endRange.lowerBound]
            remainder = remainder[endRange.upperBound...]
            if let data = Data(base64Encoded: String(body), options: .ignoreUnknownCharacters), !data.isEmpty {
                result.append(PEMBlock(label: label, der: Array(data)))
            }
        }
        return result
    }

    /// The PEM text of `der` under `label`, 64 base64 characters per line, as openssl writes it.
    static func encode(label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let next = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<next]))
            index = next
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
