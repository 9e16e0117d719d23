import Foundation

/// One live connection as the admin API reports it.
public struct PeerStatus: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable {
        case inbound
        case outbound
    }

    /// The TLS identity the peer proved.
    public struct Identity: Codable, Sendable, Equatable {
        public var subjectAltName: String
        public var admin: Bool
        public var serial: String
        public var issuer: String
        public var notAfter: Date
    }

    public var node: String
    public var role: String
    public var address: String
    public var agentVersion: String
    public var direction: Direction
    public var identity: Identity
    public var connectedSince: Date
    /// Smoothed round-trip time of transport pings, in milliseconds; nil until the first pong.
    public var rttMilliseconds: Double?
}
