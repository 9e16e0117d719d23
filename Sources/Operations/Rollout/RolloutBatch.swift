/// Nodes worked on together; the next batch starts once every node of this one passed its health
/// gate. `after` holds the hand-back and unpin of each group whose last member is in this batch.
public struct RolloutBatch: Hashable, Codable, Sendable {
    public var nodes: [NodeWork]
    public var after: [VIPMove]

    public init(nodes: [NodeWork], after: [VIPMove] = []) {
        self.nodes = nodes
        self.after = after
    }
}
