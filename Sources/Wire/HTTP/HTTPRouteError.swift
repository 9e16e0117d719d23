/// Why a request did not map onto a command: each becomes a 4xx with this message.
public enum HTTPRouteError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case methodNotAllowed(method: String, path: String, allowed: [String])
    case badRequest(String)
    case unknownNode(String)

    /// The `Allow` header of a 405.
    public var allow: String? {
        if case let .methodNotAllowed(_, _, allowed) = self { return allowed.joined(separator: ", ") }
        return nil
    }

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .notFound, .unknownNode: 404
        case .methodNotAllowed: 405
        case .badRequest: 400
        }
    }

    public var description: String {
        switch self {
        case let .notFound(path): "no such resource: \(path) (GET /v1/openapi.json lists them)"
        case let .methodNotAllowed(method, path, allowed): "\(method) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))"
        case let .badRequest(message): message
        case let .unknownNode(name): "no node called \"\(name)\" in this fleet"
        }
    }
}
