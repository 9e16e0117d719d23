import Foundation

/// The serials of certificates the fleet no longer trusts.
///
/// The fleet has no CRL distribution or OCSP: an operator writes the serial of a lost or retired
/// certificate into this file on every node and reloads the agents. The format is one serial per line in
/// hex, as `openssl x509 -noout -serial` prints it (`serial=` prefix allowed), case-insensitive, colons
/// allowed, `#` starts a comment, blank lines are ignored.
public struct RevocationList: Sendable, Equatable {
    /// A serial is at most 20 bytes (RFC 5280); 40 significant hex digits.
    public static let maximumSerialDigits = 40
    /// Lines longer than this are refused before any other check.
    static let maximumLineLength = 1024

    /// The revoked serials in canonical form: lowercase hex without leading zeros.
    public private(set) var serials: Set<String>

    /// An empty list: nothing revoked.
    public init() {
        serials = []
    }

    /// Parses the text of a revocation list.
    public init(text: String) throws(RevocationListError) {
        serials = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if let serial = try Self.parse(line: line, number: lineNumber) {
                serials.insert(serial)
            }
        }
    }

    /// Loads the revocation list file at `path`.
    public static func load(path: String) throws(RevocationListError) -> RevocationList {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return try RevocationList(text: text)
    }

    /// True when the serial (any spelling: case, colons, leading zeros) is revoked.
    public func contains(serialHex: String) -> Bool {
        guard let canonical = Hex.canonicalSerial(Substring(serialHex)) else { return false }
        return serials.contains(canonical)
    }

    /// True when the certificate behind `identity` is revoked.
    public func contains(_ identity: PeerIdentity) -> Bool {
        contains(serialHex: identity.serialHex)
    }

    private static func parse(line rawLine: Substring, number: Int) throws(RevocationListError) -> String? {
        guard rawLine.utf8.count <= maximumLineLength else {
            throw .invalidLine(line: number, content: String(rawLine.prefix(40)) + "…", reason: "line too long")
        }
        var line = rawLine
        if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
        line = line.drop(while: \.isWhitespace)
        while let last = line.last, last.isWhitespace { line = line.dropLast() }
        if line.isEmpty { return nil }
        if line.lowercased().hasPrefix("serial=") { line = line.dropFirst("serial=".count) }
        guard let serial = Hex.canonicalSerial(line) else {
            throw .invalidLine(line: number, content: String(rawLine), reason: "not a serial in hex")
        }
        guard serial.utf8.count <= maximumSerialDigits else {
            throw .invalidLine(
                line: number, content: String(rawLine),
                reason: "longer than \(maximumSerialDigits) hex digits (20 bytes)"
            )
        }
        return serial
    }
}
