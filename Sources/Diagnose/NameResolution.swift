/// What getaddrinfo said about one fleet name: its addresses, or its error, and how long it took.
public struct NameResolution: Sendable, Equatable {
    public var name: String
    public var addresses: [String]
    /// gai_strerror's text when resolution failed; nil when it succeeded.
    public var error: String?
    public var seconds: Double

    public init(name: String, addresses: [String], error: String?, seconds: Double) {
        self.name = name
        self.addresses = addresses
        self.error = error
        self.seconds = seconds
    }
}
