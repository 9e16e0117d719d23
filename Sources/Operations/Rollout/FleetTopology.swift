/// The fleet as the planner needs it: who exists, in which role, alive or not, and each VIP group's
/// members (highest priority first), current holder and pin. The CLI builds it from the agent's
/// `members` and `vip` answers; tests build it by hand.
public struct FleetTopology: Hashable, Codable, Sendable {
    public struct Node: Hashable, Codable, Sendable {
        public var name: String
        public var role: String
        public var alive: Bool

        public init(name: String, role: String, alive: Bool = true) {
            self.name = name
            self.role = role
            self.alive = alive
        }
    }

    public struct Group: Hashable, Codable, Sendable {
        public var name: String
        /// Highest priority first.
        public var members: [String]
        /// The member the fleet state grants the group to now.
        public var holder: String?
        public var pin: String?
        /// Members that never own (mode `passive`).
        public var passive: [String]

        public init(name: String, members: [String], holder: String? = nil, pin: String? = nil, passive: [String] = []) {
            self.name = name
            self.members = members
            self.holder = holder
            self.pin = pin
            self.passive = passive
        }
    }

    public var nodes: [Node]
    public var groups: [Group]

    public init(nodes: [Node], groups: [Group]) {
        self.nodes = nodes
        self.groups = groups
    }

    public func node(_ name: String) -> Node? { nodes.first { $0.name == name } }

    public func group(_ name: String) -> Group? { groups.first { $0.name == name } }

    /// The groups `node` is a member of, in the topology's order.
    public func groups(of node: String) -> [Group] { groups.filter { $0.members.contains(node) } }
}
