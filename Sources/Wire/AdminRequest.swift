/// A request of the CLI (or a remote admin tool) to an agent.
public struct AdminRequest: Codable, Sendable, Equatable {
    public var id: UInt64
    /// The command name, e.g. `status`, `members`, `reload`.
    public var command: String
    public var arguments: [String: String]

    public init(id: UInt64, command: String, arguments: [String: String] = [:]) {
        self.id = id
        self.command = command
        self.arguments = arguments
    }
}
