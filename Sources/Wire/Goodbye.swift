/// Sent before closing a connection on purpose, so the other side logs the reason instead of guessing.
public struct Goodbye: Codable, Sendable, Equatable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
