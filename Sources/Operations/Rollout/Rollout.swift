/// A plan laid out on the fleet as it is now: ordered batches, the VIP moves around each node, and
/// what the planner had to warn about. `nodeagent op plan` prints it; the conductor executes it.
public struct Rollout: Hashable, Codable, Sendable {
    public var plan: OperationPlan
    public var batches: [RolloutBatch]
    public var warnings: [String]

    public init(plan: OperationPlan, batches: [RolloutBatch], warnings: [String]) {
        self.plan = plan
        self.batches = batches
        self.warnings = warnings
    }

    public var nodeCount: Int { batches.reduce(0) { $0 + $1.nodes.count } }

    /// Every VIP move in order, for counting and for the dry run's summary.
    public var moves: [VIPMove] { batches.flatMap { $0.nodes.flatMap(\.before) + $0.after } }

    /// How many times an address changes hands: handovers, the only moves clients can notice.
    public var handoverCount: Int {
        moves.filter { if case .handOver = $0 { return true } else { return false } }.count
    }
}
