import Foundation

/// Any JSON document. Admin answers carry typed reports as JSON so that the CLI's `--json` output is the
/// agent's own shape, and so that an older CLI can still print what a newer agent answers.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    /// Converts a typed value into a JSON document.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try WireCodec.encoder().encode(value)
        self = try WireCodec.decoder().decode(JSONValue.self, from: data)
    }

    /// Reads the document back as a typed value.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        let data = try WireCodec.encoder().encode(self)
        return try WireCodec.decoder().decode(type, from: data)
    }
}
