/// One unit on the wire between agents (and between the CLI and an agent).
///
/// Layout, version 1: `[u32 big-endian length L][u8 format version][u8 kind][L-2 bytes payload]`.
/// The length prefix lets a reader reject an oversized frame before buffering it; the version byte lets a
/// serial update of nodeagent run old and new agents side by side; the kind is kept raw so that a newer
/// peer's unknown kinds can be skipped instead of killing the connection.
public struct Frame: Sendable, Equatable {
    /// The only format version this build speaks. A frame with another version is refused.
    public static let formatVersion: UInt8 = 1
    /// Bytes of the length prefix.
    public static let prefixBytes = 4
    /// Bytes after the prefix that are not payload: version and kind.
    public static let headerBytes = 2
    /// The default hard cap of a frame's length (prefix excluded).
    public static let defaultMaxBytes = 1 << 20

    public var kind: UInt8
    public var payload: [UInt8]

    public init(kind: FrameKind, payload: [UInt8]) {
        self.kind = kind.rawValue
        self.payload = payload
    }

    public init(rawKind: UInt8, payload: [UInt8]) {
        self.kind = rawKind
        self.payload = payload
    }

    /// The kind, when this build knows it.
    public var knownKind: FrameKind? { FrameKind(rawValue: kind) }

    /// The frame as bytes on the wire.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    /// Appends the frame's wire bytes to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        let length = UInt32(payload.count + Frame.headerBytes)
        bytes.reserveCapacity(bytes.count + Frame.prefixBytes + Int(length))
        bytes.append(UInt8(truncatingIfNeeded: length >> 24))
        bytes.append(UInt8(truncatingIfNeeded: length >> 16))
        bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        bytes.append(UInt8(truncatingIfNeeded: length))
        bytes.append(Frame.formatVersion)
        bytes.append(kind)
        bytes.append(contentsOf: payload)
    }
}
