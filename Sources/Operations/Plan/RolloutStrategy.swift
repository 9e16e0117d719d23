/// How many nodes are worked on at once and how many may fail before the operation halts.
///
/// Whatever the batch size, two members of one VIP group are never in the same batch: the planner
/// splits them, so a pair always has a member in service.
public struct RolloutStrategy: Hashable, Codable, Sendable {
    public enum BatchSize: Hashable, Codable, Sendable {
        /// One node at a time.
        case serial
        /// Up to N nodes per batch.
        case count(Int)
        /// Up to this percentage of the targets per batch, rounded up, at least one node.
        case percent(Int)
    }

    public var batch: BatchSize
    /// Cap on nodes running steps at the same time, whatever the batch size says.
    public var maxParallel: Int
    /// Failed nodes tolerated before the operation halts; 0 halts at the first failure.
    public var maxFailures: Int
    /// Wait between batches, after the previous batch passed its health gate.
    public var pauseMilliseconds: Int

    public init(batch: BatchSize = .serial, maxParallel: Int = 1, maxFailures: Int = 0, pauseMilliseconds: Int = 0) {
        self.batch = batch
        self.maxParallel = maxParallel
        self.maxFailures = maxFailures
        self.pauseMilliseconds = pauseMilliseconds
    }

    /// Nodes per batch for `targetCount` targets.
    public func batchLimit(targetCount: Int) -> Int {
        let size: Int
        switch batch {
        case .serial: size = 1
        case let .count(count): size = count
        case let .percent(percent): size = (targetCount * percent + 99) / 100
        }
        return max(1, min(size, maxParallel))
    }
}
