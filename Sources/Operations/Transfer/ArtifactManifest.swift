/// What a receiver must know before the first byte: where the file goes, how big it is, what it must
/// hash to, and the most it may take. The size bound travels with it so that a node refuses a wrong
/// path's 40 GB before writing any of it.
public struct ArtifactManifest: Hashable, Codable, Sendable {
    /// File name inside the operation's staging directory.
    public var destination: String
    public var size: Int64
    /// Lowercase hex SHA-256 of the whole file.
    public var sha256: String
    public var maxBytes: Int64

    public init(destination: String, size: Int64, sha256: String, maxBytes: Int64) {
        self.destination = destination
        self.size = size
        self.sha256 = sha256
        self.maxBytes = maxBytes
    }

    /// Why this manifest must be refused before anything is written, or nil.
    public var refusal: String? {
        if size < 0 { return "negative size" }
        if size > maxBytes { return "\(size) bytes is more than the plan's bound of \(maxBytes)" }
        if !Self.isPlainName(destination) { return "destination \"\(destination)\" is not a plain file name" }
        if sha256.count != 64 || !sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) { return "sha256 is not 64 lowercase hex digits" }
        return nil
    }

    /// A name that stays inside the staging directory: no separators, no `..`, not hidden, no NUL.
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && !name.contains("/") && !name.contains("\0") && !name.hasPrefix(".")
    }
}
