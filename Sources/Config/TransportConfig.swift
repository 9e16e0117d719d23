/// `[transport]`: limits and timings of the mutual-TLS connections between agents.
public struct TransportConfig: Sendable, Equatable {
    /// Hard cap on one frame; larger frames close the connection (bad input must not exhaust memory).
    public var maxFrameBytes: Int
    /// First delay before reconnecting to a peer; doubled up to `reconnectMaxMs`.
    public var reconnectMinMs: Int
    public var reconnectMaxMs: Int
    /// A TLS handshake slower than this is abandoned, so a stuck peer cannot hold a slot.
    public var handshakeTimeoutMs: Int

    public init(maxFrameBytes: Int = 1_048_576, reconnectMinMs: Int = 100, reconnectMaxMs: Int = 5000,
                handshakeTimeoutMs: Int = 3000) {
        self.maxFrameBytes = maxFrameBytes
        self.reconnectMinMs = reconnectMinMs
        self.reconnectMaxMs = reconnectMaxMs
        self.handshakeTimeoutMs = handshakeTimeoutMs
    }

    static let keys = ["max_frame_bytes", "reconnect_min_ms", "reconnect_max_ms", "handshake_timeout_ms"]

    static func read(_ reader: TableReader) throws(ConfigError) -> TransportConfig {
        try reader.rejectUnknownKeys(known: keys)
        let defaults = TransportConfig()
        let config = TransportConfig(
            maxFrameBytes: try reader.int("max_frame_bytes", in: 4096...16_777_216) ?? defaults.maxFrameBytes,
            reconnectMinMs: try reader.int("reconnect_min_ms", in: 10...60_000) ?? defaults.reconnectMinMs,
            reconnectMaxMs: try reader.int("reconnect_max_ms", in: 10...300_000) ?? defaults.reconnectMaxMs,
            handshakeTimeoutMs: try reader.int("handshake_timeout_ms", in: 100...60_000)
                ?? defaults.handshakeTimeoutMs)
        guard config.reconnectMaxMs >= config.reconnectMinMs else {
            throw .invalid(key: reader.key("reconnect_max_ms"),
                           message: "\(config.reconnectMaxMs) is less than reconnect_min_ms "
                               + "(\(config.reconnectMinMs)); the backoff cannot shrink")
        }
        return config
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["transport"])
        writer.int("max_frame_bytes", maxFrameBytes)
        writer.int("reconnect_min_ms", reconnectMinMs)
        writer.int("reconnect_max_ms", reconnectMaxMs)
        writer.int("handshake_timeout_ms", handshakeTimeoutMs)
    }
}
