import Consensus
/// The on-disk frame of every stored record: payload length (UInt32, little endian), CRC-32 of the
/// payload (UInt32, little endian), then the payload. A frame that is short, over-long or whose CRC does
/// not match marks the point where the file stops being trustworthy.
enum RecordFraming {
    static let headerSize = 8
    /// Upper bound on one record, so a corrupt length can never make us allocate gigabytes.
    static let maxPayload = 64 << 20

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + payload.count)
        appendLittleEndian(UInt32(payload.count), to: &bytes)
        appendLittleEndian(CRC32.checksum(payload), to: &bytes)
        bytes.append(contentsOf: payload)
        return bytes
    }

    enum Parsed {
        case record(payload: ArraySlice<UInt8>, next: Int)
        case end
        case bad(reason: String)
    }

    /// Parses the frame starting at `offset` of `bytes`.
    static func parse(_ bytes: [UInt8], at offset: Int) -> Parsed {
        if offset == bytes.count { return .end }
        guard bytes.count - offset >= headerSize else {
            return .bad(reason: "torn record header (\(bytes.count - offset) of \(headerSize) bytes)")
        }
        let length = Int(readLittleEndian(bytes, at: offset))
        let crc = readLittleEndian(bytes, at: offset + 4)
        guard length <= maxPayload else { return .bad(reason: "record length \(length) exceeds the cap") }
        let start = offset + headerSize
        guard bytes.count - start >= length else {
            return .bad(reason: "torn record (\(bytes.count - start) of \(length) payload bytes)")
        }
        let payload = bytes[start..<(start + length)]
        guard CRC32.checksum(payload) == crc else { return .bad(reason: "record checksum mismatch") }
        return .record(payload: payload, next: start + length)
    }

    static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        return value
    }
}
