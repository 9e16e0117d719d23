/// Everything one node's turn consists of: the VIP moves before it, its steps with the variables
/// filled in, and the health gate after.
public struct NodeWork: Hashable, Codable, Sendable {
    public var node: String
    public var role: String
    /// The VIP groups this node is a member of.
    public var groups: [String]
    /// The groups it holds when its turn comes (each is handed over first).
    public var holds: [String]
    public var before: [VIPMove]
    public var steps: [PlanStep]
    public var onFailure: [PlanStep]

    public init(node: String, role: String, groups: [String], holds: [String], before: [VIPMove],
                steps: [PlanStep], onFailure: [PlanStep]) {
        self.node = node
        self.role = role
        self.groups = groups
        self.holds = holds
        self.before = before
        self.steps = steps
        self.onFailure = onFailure
    }
}
