import Operations

/// A fleet operation as the replicated state holds it: the rollout the operator started (so any
/// coordinator resumes the same plan) and every record its conductors committed, in commit order.
public struct FleetOperation: Hashable, Codable, Sendable {
    public var id: String
    public var rollout: Rollout
    /// The admin certificate's name that started it.
    public var admin: String
    /// The log index of the start: orders operations and names the moment.
    public var startIndex: UInt64
    public var records: [OperationRecord]

    public init(id: String, rollout: Rollout, admin: String, startIndex: UInt64, records: [OperationRecord] = []) {
        self.id = id
        self.rollout = rollout
        self.admin = admin
        self.startIndex = startIndex
        self.records = records
    }

    public var progress: OperationProgress { OperationProgress(records: records) }
}
