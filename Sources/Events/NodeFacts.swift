/// What the agent knows about itself and, on the coordinator, about the fleet, read once a round:
/// the input of the fleet's own events.
public struct NodeFacts: Sendable, Hashable {
    /// One VIP group as this node sees it.
    public struct Group: Sendable, Hashable {
        public var name: String
        /// Members that report the VIP on their interface.
        public var holders: [String]
        /// Whether this node is a member (split brain is reported by the members themselves).
        public var isMember: Bool

        public init(name: String, holders: [String], isMember: Bool) {
            self.name = name
            self.holders = holders
            self.isMember = isMember
        }
    }

    /// One certificate: how many days it has left.
    public struct Certificate: Sendable, Hashable {
        public var subject: String
        public var daysLeft: Double
        public var evidence: String

        public init(subject: String, daysLeft: Double, evidence: String) {
            self.subject = subject
            self.daysLeft = daysLeft
            self.evidence = evidence
        }
    }

    public var isCoordinator = false
    /// nil when the node has no quorum configured.
    public var quorumReachable: Bool?
    /// Member name → gossip status (alive, suspect, dead, left), as this node sees it.
    public var members: [String: String] = [:]
    public var groups: [Group] = []
    /// Check name → state (passing, failing, unknown) and its latest detail.
    public var checks: [String: (state: String, detail: String)] = [:]
    public var certificates: [Certificate] = []
    /// OOM kills since the last round, and what the kernel said of the latest; nil when unreadable.
    public var oomKills: Int?
    public var oomEvidence = ""

    public init() {}

    public static func == (lhs: NodeFacts, rhs: NodeFacts) -> Bool {
        lhs.isCoordinator == rhs.isCoordinator && lhs.quorumReachable == rhs.quorumReachable && lhs.members == rhs.members
            && lhs.groups == rhs.groups && lhs.certificates == rhs.certificates && lhs.oomKills == rhs.oomKills
            && lhs.checks.mapValues { [$0.state, $0.detail] } == rhs.checks.mapValues { [$0.state, $0.detail] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isCoordinator)
        hasher.combine(members)
        hasher.combine(groups)
    }

    /// The readings of the fleet's own policies. The coordinator alone reads the fleet-wide ones
    /// (a dead member, a VIP nobody holds), so a death is one event, not one per node; on any other
    /// node those policies read `unavailable` and their old events clear.
    public func samples() -> [EventSample] {
        var samples: [EventSample] = []
        if let quorumReachable {
            samples.append(EventSample("quorum_lost", .condition(bad: !quorumReachable, evidence: quorumReachable
                ? "a majority of the voters answers" : "no majority of the voters answers this node")))
        }
        if isCoordinator {
            for (name, status) in members.sorted(by: { $0.key < $1.key }) {
                samples.append(EventSample("member_dead", subject: name, .condition(bad: status == "dead", evidence: "\(name) is \(status)")))
            }
            for group in groups {
                samples.append(EventSample("vip_no_holder", subject: group.name, .condition(bad: group.holders.isEmpty, evidence:
                    group.holders.isEmpty ? "no member reports the VIP of \(group.name) on its interface" : "held by \(group.holders.joined(separator: ", "))")))
            }
        } else {
            samples.append(EventSample("member_dead", .unavailable("not the coordinator")))
            samples.append(EventSample("vip_no_holder", .unavailable("not the coordinator")))
        }
        for group in groups where group.isMember {
            samples.append(EventSample("split_brain", subject: group.name, .condition(bad: group.holders.count > 1, evidence:
                "\(group.name): \(group.holders.isEmpty ? "no holder" : "held by " + group.holders.joined(separator: ", "))")))
        }
        for (name, check) in checks.sorted(by: { $0.key < $1.key }) {
            let detail = check.detail.isEmpty ? "" : ": \(check.detail)"
            samples.append(EventSample("check_failing", subject: name, .condition(bad: check.state == "failing", evidence: "check \(name) \(check.state)\(detail)")))
        }
        for certificate in certificates {
            samples.append(EventSample("certificate_expiring", subject: certificate.subject, .measure(certificate.daysLeft, evidence: certificate.evidence)))
        }
        if let oomKills {
            samples.append(EventSample("oom_kill", .occurrences(oomKills, evidence: oomKills > 0 ? oomEvidence : "no OOM kill since the last round")))
        }
        return samples
    }
}
