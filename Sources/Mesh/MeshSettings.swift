/// What the transport needs to know about this node and its limits.
public struct MeshSettings: Sendable {
    public var nodeName: String
    public var role: String
    public var agentVersion: String
    /// Where this node listens for peers.
    public var listenHost: String
    public var listenPort: Int
    /// The address peers should dial (`host:port`), announced in every hello.
    public var advertisedAddress: String
    /// Addresses dialled at start and kept connected.
    public var seeds: [String]
    public var maxFrameBytes: Int
    public var reconnectMinimum: Duration
    public var reconnectMaximum: Duration
    public var handshakeTimeout: Duration
    /// How often each connection sends a transport ping. Short, because silence on a connection is how
    /// a VIP group member learns that it no longer hears its peer (`Mesh.silence(of:)`).
    public var pingInterval: Duration
    /// A connection silent for this long is closed (and redialled).
    public var idleTimeout: Duration

    public init(
        nodeName: String, role: String, agentVersion: String, listenHost: String, listenPort: Int,
        advertisedAddress: String, seeds: [String], maxFrameBytes: Int = 1 << 20,
        reconnectMinimum: Duration = .milliseconds(100), reconnectMaximum: Duration = .seconds(5),
        handshakeTimeout: Duration = .seconds(3), pingInterval: Duration = .milliseconds(500),
        idleTimeout: Duration = .seconds(10)
    ) {
        self.nodeName = nodeName
        self.role = role
        self.agentVersion = agentVersion
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.advertisedAddress = advertisedAddress
        self.seeds = seeds
        self.maxFrameBytes = maxFrameBytes
        self.reconnectMinimum = reconnectMinimum
        self.reconnectMaximum = reconnectMaximum
        self.handshakeTimeout = handshakeTimeout
        self.pingInterval = pingInterval
        self.idleTimeout = idleTimeout
    }
}
