import Foundation
import Gossip

/// The answer to `nodeagent members`: the fleet as the asked node sees it. Field names are the stable
/// `--json` shape.
public struct MembersReport: Codable, Sendable, Equatable {
    public struct Member: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var address: String
        public var status: String
        public var incarnation: UInt64
        /// Milliseconds since this node last heard from the member; nil for itself or never.
        public var lastHeardMillisecondsAgo: Double?
        public var rttMilliseconds: Double?
        public var agentVersion: String
        public var isSelf: Bool
    }

    public var node: String
    public var members: [Member]

    init(node: String, snapshot: [MemberSnapshot], now: Duration) {
        self.node = node
        members = snapshot.map { member in
            Member(
                name: member.id.name,
                role: member.metadata.values["role"].map(Self.text) ?? "",
                address: member.id.address,
                status: member.status.rawValue,
                incarnation: member.incarnation,
                lastHeardMillisecondsAgo: member.isSelf ? nil : member.lastHeard.map { Self.milliseconds(now - $0) },
                rttMilliseconds: member.roundTripTime.map(Self.milliseconds),
                agentVersion: member.metadata.values["version"].map(Self.text) ?? "",
                isSelf: member.isSelf)
        }.sorted { $0.name < $1.name }
    }

    private static func text(_ value: MetadataValue) -> String {
        if case let .string(text) = value { return text }
        return "\(value)"
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
