/// Why the transport could not start.
public enum MeshError: Error, Sendable, CustomStringConvertible {
    case bind(address: String, reason: String)
    case badAddress(String)

    public var description: String {
        switch self {
        case let .bind(address, reason): return "cannot listen on \(address): \(reason)"
        case let .badAddress(address): return "\"\(address)\" is not host:port"
        }
    }
}
