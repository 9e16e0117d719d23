/// One attempt at one step on one node: the unit a node runs at most once. A node keeps a durable
/// journal of these ids, so asking it to run an id it has seen never starts a second process.
public struct AttemptID: Hashable, Codable, Sendable, CustomStringConvertible {
    public var operation: String
    public var node: String
    /// Index into the plan's steps, then its on_failure steps.
    public var step: Int
    /// 1 for the first attempt.
    public var attempt: Int

    public init(operation: String, node: String, step: Int, attempt: Int) {
        self.operation = operation
        self.node = node
        self.step = step
        self.attempt = attempt
    }

    public var description: String { "\(operation)/\(node)/step \(step + 1)/attempt \(attempt)" }
}
