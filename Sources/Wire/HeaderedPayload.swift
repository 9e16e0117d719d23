import Foundation

/// A payload of a JSON header followed by raw bytes: `u32` header length (big-endian), the header,
/// the body. For bulk data (artifact chunks), which as JSON would grow by a third and cost a parse.
public enum HeaderedPayload {
    public static func frame<Header: Encodable>(_ kind: FrameKind, header: Header, body: some Collection<UInt8>) throws -> Frame {
        let json = try WireCodec.encoder().encode(header)
        var payload: [UInt8] = []
        payload.reserveCapacity(4 + json.count + body.count)
        let length = UInt32(json.count)
        payload.append(contentsOf: [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)])
        payload.append(contentsOf: json)
        payload.append(contentsOf: body)
        return Frame(kind: kind, payload: payload)
    }

    /// The header and the body of `frame`; a malformed payload is a `FrameError`, never a crash.
    public static func decode<Header: Decodable>(_ type: Header.Type, from frame: Frame) throws(FrameError) -> (Header, ArraySlice<UInt8>) {
        let payload = frame.payload
        guard payload.count >= 4 else { throw .malformedPayload(kind: frame.kind, reason: "shorter than its header length") }
        let length = Int(payload[0]) << 24 | Int(payload[1]) << 16 | Int(payload[2]) << 8 | Int(payload[3])
        guard length <= payload.count - 4 else {
            throw .malformedPayload(kind: frame.kind, reason: "header of \(length) bytes in a payload of \(payload.count)")
        }
        let header = Frame(rawKind: frame.kind, payload: Array(payload[4..<(4 + length)]))
        return (try WireCodec.decode(type, from: header), payload[(4 + length)...])
    }
}
