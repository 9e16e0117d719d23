import Foundation
import Quorum

/// The answer to `nodeagent coordinator`. Field names are the stable `--json` shape.
public struct CoordinatorReport: Codable, Sendable, Equatable {
    public struct Voter: Codable, Sendable, Equatable {
        public var name: String
        public var voter: Bool
        /// Highest log index known replicated on it (known on the coordinator only).
        public var matchIndex: UInt64?
        /// Milliseconds since the coordinator last heard from it (known on the coordinator only).
        public var lastContactMillisecondsAgo: Double?
    }

    public var node: String
    /// `leader` (the coordinator), `follower`, `candidate`, `pre_candidate` or `learner`.
    public var role: String
    public var term: UInt64
    public var coordinator: String?
    public var commitIndex: UInt64
    public var appliedIndex: UInt64
    public var lastLogIndex: UInt64
    /// Milliseconds since this node last heard from the coordinator; nil on the coordinator itself.
    public var lastCoordinatorContactMillisecondsAgo: Double?
    public var voters: [Voter]
    /// VIP groups this node holds a valid lease on right now.
    public var heldLeases: [String]
    public var configVersion: UInt64
    /// The fleet's effective feature level: the fleet-state features every voter advertises. The
    /// coordinator proposes a command only when the voters and the nodes it concerns understand it.
    /// Absent from agents that predate feature gating.
    public var features: [String]?
    /// The features this node understands.
    public var nodeFeatures: [String]?

    init(node: RaftNode, now: Instant, gate: FeatureGate) {
        let status = node.status(now: now)
        self.node = status.id.name
        role = status.role.rawValue
        term = status.term
        coordinator = status.leader?.name
        commitIndex = status.commitIndex
        appliedIndex = status.appliedIndex
        lastLogIndex = status.lastLogIndex
        lastCoordinatorContactMillisecondsAgo = status.lastLeaderContact.map { Double(now.since($0)) / 1e6 }
        let peers = Dictionary(uniqueKeysWithValues: status.peers.map { ($0.id, $0) })
        var members = node.config.voters.union(node.config.learners)
        members.insert(node.config.id)
        voters = members.sorted().map { id in
            let peer = peers[id]
            return Voter(name: id.name, voter: node.config.voters.contains(id), matchIndex: peer?.matchIndex,
                         lastContactMillisecondsAgo: peer?.lastContact.map { Double(now.since($0)) / 1e6 })
        }
        heldLeases = status.heldLeases
        configVersion = node.fleetState.configVersion
        features = gate.effective.sorted().map(\.name)
        nodeFeatures = FleetFeature.supported.sorted().map(\.name)
    }

    private init() {
        node = ""
        role = "unavailable"
        term = 0
        commitIndex = 0
        appliedIndex = 0
        lastLogIndex = 0
        voters = []
        heldLeases = []
        configVersion = 0
    }

    static let unavailable = CoordinatorReport()
}
