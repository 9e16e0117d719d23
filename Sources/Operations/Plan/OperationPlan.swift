/// An operation as the operator wrote it: what to run, on which nodes, in which order, and what to do
/// when a node fails. Loaded and checked from TOML by `Config.PlanFile`; turned into an ordered
/// `Rollout` for the fleet as it is now by `RolloutPlanner`.
///
/// A plan is a value: the coordinator replicates it with the operation, so a new coordinator resumes
/// the same plan the operator started, not a file it would have to read again.
public struct OperationPlan: Hashable, Codable, Sendable {
    public var name: String
    public var description: String
    public var targets: PlanTargets
    public var strategy: RolloutStrategy
    public var health: HealthGate
    public var vip: VIPPolicy
    public var artifacts: [PlanArtifact]
    public var steps: [PlanStep]
    /// Run on a node whose steps or health gate failed, before the operation halts (restore a backup).
    public var onFailure: [PlanStep]

    public init(name: String, description: String = "", targets: PlanTargets, strategy: RolloutStrategy = RolloutStrategy(),
                health: HealthGate = HealthGate(), vip: VIPPolicy = VIPPolicy(), artifacts: [PlanArtifact] = [],
                steps: [PlanStep], onFailure: [PlanStep] = []) {
        self.name = name
        self.description = description
        self.targets = targets
        self.strategy = strategy
        self.health = health
        self.vip = vip
        self.artifacts = artifacts
        self.steps = steps
        self.onFailure = onFailure
    }
}
