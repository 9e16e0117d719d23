/// Why bytes from a peer were refused. Every case closes the connection: after a framing error the
/// stream cannot be resynchronised.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The length prefix announces more than the configured cap.
    case oversized(declared: Int, limit: Int)
    /// The length prefix is too small to hold the version and kind bytes.
    case truncatedHeader(declared: Int)
    /// The frame speaks a format version this build does not.
    case unsupportedVersion(UInt8)
    /// The payload of a known kind could not be decoded.
    case malformedPayload(kind: UInt8, reason: String)

    public var description: String {
        switch self {
        case let .oversized(declared, limit):
            return "oversized frame: \(declared) bytes announced, the limit is \(limit)"
        case let .truncatedHeader(declared):
            return "malformed frame: length \(declared) cannot hold the version and kind bytes"
        case let .unsupportedVersion(version):
            return "malformed frame: unsupported format version \(version) (this agent speaks \(Frame.formatVersion))"
        case let .malformedPayload(kind, reason):
            let name = FrameKind(rawValue: kind).map { "\($0)" } ?? "kind \(kind)"
            return "malformed \(name) frame: \(reason)"
        }
    }
}
