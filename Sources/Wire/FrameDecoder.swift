/// Cuts a byte stream into frames. Pure: bytes in, frames out, so it can be fuzzed without sockets.
///
/// The cap is checked on the length prefix, before the body is buffered, so a peer announcing a huge
/// frame costs four bytes of memory, not the announced size.
public struct FrameDecoder: Sendable {
    public let maxFrameBytes: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0

    public init(maxFrameBytes: Int = Frame.defaultMaxBytes) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedBytes: Int { buffer.count - readIndex }

    /// Adds received bytes.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, nil when more bytes are needed. After a throw the stream is unusable.
    public mutating func nextFrame() throws(FrameError) -> Frame? {
        guard bufferedBytes >= Frame.prefixBytes else { return nil }
        let declared = declaredLength()
        guard declared <= maxFrameBytes else {
            throw .oversized(declared: declared, limit: maxFrameBytes)
        }
        guard declared >= Frame.headerBytes else { throw .truncatedHeader(declared: declared) }
        guard bufferedBytes >= Frame.prefixBytes + declared else { return nil }
        let start = readIndex + Frame.prefixBytes
        let version = buffer[start]
        guard version == Frame.formatVersion else { throw .unsupportedVersion(version) }
        let kind = buffer[start + 1]
        let payload = Array(buffer[(start + Frame.headerBytes)..<(start + declared)])
        readIndex = start + declared
        return Frame(rawKind: kind, payload: payload)
    }

    private func declaredLength() -> Int {
        var value = 0
        for offset in 0..<Frame.prefixBytes {
            value = value << 8 | Int(buffer[readIndex + offset])
        }
        return value
    }

    private mutating func compactIfWorthIt() {
        guard readIndex > 0, readIndex >= buffer.count / 2 else { return }
        buffer.removeFirst(readIndex)
        readIndex = 0
    }
}
