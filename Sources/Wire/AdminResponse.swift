/// The agent's answer to an `AdminRequest` with the same id.
public struct AdminResponse: Codable, Sendable, Equatable {
    public var id: UInt64
    public var ok: Bool
    public var error: String?
    public var result: JSONValue?

    public init(id: UInt64, result: JSONValue) {
        self.id = id
        self.ok = true
        self.error = nil
        self.result = result
    }

    public init(id: UInt64, error: String) {
        self.id = id
        self.ok = false
        self.error = error
        self.result = nil
    }
}
