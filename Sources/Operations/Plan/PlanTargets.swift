/// Which nodes an operation touches: every member of the named VIP groups, every node of the named
/// roles, and the named nodes. The union is taken, so "the app pair and db1" is one plan.
public struct PlanTargets: Hashable, Codable, Sendable {
    public var groups: [String]
    public var roles: [String]
    public var nodes: [String]

    public init(groups: [String] = [], roles: [String] = [], nodes: [String] = []) {
        self.groups = groups
        self.roles = roles
        self.nodes = nodes
    }

    public var isEmpty: Bool { groups.isEmpty && roles.isEmpty && nodes.isEmpty }
}
