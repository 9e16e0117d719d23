/// One artifact of one operation: the unit a node stores, sends and reports on. Two operations never
/// share a staging file, so a retried operation cannot be fed half of an older one's image.
public struct TransferID: Hashable, Codable, Sendable, CustomStringConvertible {
    public var operation: String
    public var artifact: String

    public init(operation: String, artifact: String) {
        self.operation = operation
        self.artifact = artifact
    }

    public var description: String { "\(operation)/\(artifact)" }
}
