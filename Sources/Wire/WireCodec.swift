import Foundation

/// Turns typed messages into frames and back. Payloads are JSON: unknown fields are ignored on decode,
/// which is what lets agents of two versions talk during a rolling update.
public enum WireCodec {
    /// A fresh encoder with the project's settings (sorted keys, so payloads are reproducible).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Encodes `value` as the payload of a frame of `kind`.
    public static func frame<T: Encodable>(_ kind: FrameKind, _ value: T) throws -> Frame {
        let data = try encoder().encode(value)
        return Frame(kind: kind, payload: Array(data))
    }

    /// Decodes the payload of `frame`; any failure is a `FrameError.malformedPayload`.
    public static func decode<T: Decodable>(_ type: T.Type, from frame: Frame) throws(FrameError) -> T {
        do {
            return try decoder().decode(type, from: Data(frame.payload))
        } catch {
            throw .malformedPayload(kind: frame.kind, reason: describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return "\(error)" }
        switch decodingError {
        case let .dataCorrupted(context):
            return "not valid JSON (\(context.debugDescription))"
        case let .keyNotFound(key, _):
            return "missing field \"\(key.stringValue)\""
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at \"\(path)\""
        @unknown default:
            return "\(decodingError)"
        }
    }
}
