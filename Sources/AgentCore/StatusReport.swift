import Foundation
import Mesh

/// The answer to `nodeagent status`: this node and its live peer connections. Field names are the
/// stable `--json` shape.
public struct StatusReport: Codable, Sendable, Equatable {
    public var node: String
    public var role: String
    public var voter: Bool
    public var address: String
    public var agentVersion: String
    public var pid: Int32
    public var startedAt: Date
    /// Peer addresses this node is configured to keep connections to.
    public var seeds: [String]
    public var peers: [PeerStatus]

    public init(node: String, role: String, voter: Bool, address: String, agentVersion: String, pid: Int32,
                startedAt: Date, seeds: [String], peers: [PeerStatus]) {
        self.node = node
        self.role = role
        self.voter = voter
        self.address = address
        self.agentVersion = agentVersion
        self.pid = pid
        self.startedAt = startedAt
        self.seeds = seeds
        self.peers = peers
    }
}
