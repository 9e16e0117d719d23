/// One operation of the HTTP API: a method and a path pattern mapped onto a command of the admin
/// protocol, so the HTTP API, the CLI and the mesh share one dispatcher and cannot drift apart.
/// `{name}` segments become arguments; query parameters and JSON body fields are the only other
/// arguments accepted, each named here.
public struct HTTPRoute: Sendable, Equatable {
    public let method: String
    /// Path segments after the leading slash; `{x}` captures argument `x`.
    public let pattern: [String]
    public let command: String
    /// Query parameters the route accepts.
    public let query: [String]
    /// JSON body fields the route accepts (strings, numbers and booleans, or for `params` an object
    /// of strings).
    public let body: [String]
    /// Arguments every request of this route carries (e.g. `all=true` for the fleet-wide diagnose).
    public let fixed: [String: String]

    public init(_ method: String, _ path: String, _ command: String, query: [String] = [], body: [String] = [],
                fixed: [String: String] = [:]) {
        self.method = method
        pattern = path.split(separator: "/").map(String.init)
        self.command = command
        self.query = query
        self.body = body
        self.fixed = fixed
    }

    /// The path arguments when `segments` match the pattern, else nil.
    func match(_ segments: [String]) -> [String: String]? {
        guard segments.count == pattern.count else { return nil }
        var captured: [String: String] = [:]
        for (segment, part) in zip(segments, pattern) {
            if part.hasPrefix("{"), part.hasSuffix("}") {
                guard !segment.isEmpty else { return nil }
                captured[String(part.dropFirst().dropLast())] = segment
            } else if segment != part {
                return nil
            }
        }
        return captured
    }

    public var path: String { "/" + pattern.joined(separator: "/") }
}
