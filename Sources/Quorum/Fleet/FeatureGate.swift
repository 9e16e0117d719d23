/// Whether the fleet can take a command now: the coordinator asks before proposing, so that no entry
/// reaches a log whose voters (or the nodes it concerns) cannot apply it. Pure: the advertised
/// features come in as values (from gossip), and an answer says which nodes hold it back.
public struct FeatureGate: Sendable, Equatable {
    /// What each node advertises; a node absent here, or advertising nothing, is taken to understand
    /// only `FleetFeature.baseline` (it predates advertising, or nobody has heard from it yet).
    public var advertised: [NodeID: Set<FleetFeature>]
    public var voters: Set<NodeID>

    public init(advertised: [NodeID: Set<FleetFeature>], voters: Set<NodeID>) {
        self.advertised = advertised
        self.voters = voters
    }

    /// Why a command may not be proposed yet.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public var feature: FleetFeature
        /// The nodes that do not advertise it, sorted.
        public var lacking: [NodeID]

        public var description: String {
            "the fleet does not understand '\(feature)' yet: \(lacking.map(\.name).joined(separator: ", "))"
                + " \(lacking.count == 1 ? "does" : "do") not advertise it (update \(lacking.count == 1 ? "it" : "them") first)"
        }
    }

    /// The features a node understands.
    public func features(of node: NodeID) -> Set<FleetFeature> {
        guard let features = advertised[node], !features.isEmpty else { return FleetFeature.baseline }
        return features
    }

    /// The fleet's effective feature level: what every voter understands.
    public var effective: Set<FleetFeature> {
        voters.reduce(into: Optional<Set<FleetFeature>>.none) { level, voter in
            level = level.map { $0.intersection(features(of: voter)) } ?? features(of: voter)
        } ?? FleetFeature.baseline
    }

    /// Nil when `command` may be proposed, else why not.
    public func refusal(for command: FleetCommand) -> Refusal? {
        guard let feature = command.requiredFeature else { return nil }
        let lacking = voters.union(command.concernedNodes).filter { !features(of: $0).contains(feature) }.sorted()
        return lacking.isEmpty ? nil : Refusal(feature: feature, lacking: lacking)
    }
}
