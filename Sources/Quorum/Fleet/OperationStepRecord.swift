/// The last recorded status of one step of a fleet operation on one node.
public struct OperationStepRecord: Hashable, Codable, Sendable {
    public var step: Int
    public var node: NodeID
    public var status: String

    public init(step: Int, node: NodeID, status: String) {
        self.step = step
        self.node = node
        self.status = status
    }
}
