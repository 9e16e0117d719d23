/// The answer to `nodeagent vip`. Field names are the stable `--json` shape.
public struct VIPReport: Codable, Sendable, Equatable {
    public struct Member: Codable, Sendable, Equatable {
        public var name: String
        public var priority: Int
        /// `auto` or `passive` (never owns).
        public var mode: String
        public var alive: Bool
        public var healthy: Bool
        /// keepalived's state as the member reports it: master, backup, fault or unknown.
        public var vrrp: String
        /// The member's own track level: owner, standby, successor, ineligible (nil: not reported yet).
        public var trackLevel: String?
        /// Whether the VIP is on the member's interface, as it last looked (nil: not reported yet).
        public var holdsAddress: Bool?
    }

    public struct Group: Codable, Sendable, Equatable {
        public var name: String
        public var instance: String
        public var vip: String
        public var interface: String
        /// Whom the arbiter would choose now, from this node's view, and why.
        public var desiredOwner: String?
        public var reason: String
        /// Whom the replicated fleet state grants the group to, since which term.
        public var grantHolder: String?
        public var grantTerm: UInt64?
        public var pin: String?
        /// What members do while no coordinator answers: `stop` or `freeze` (nil from older agents).
        public var noQuorumPolicy: String?
        /// Milliseconds left on THIS node's lease of the group (nil when it holds none).
        public var leaseRemainingMilliseconds: Double?
        public var members: [Member]
    }

    public var node: String
    public var groups: [Group]
}
