import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PKI
import Wire

/// The node's mutual-TLS mesh: one listener for peers, an optional one for remote admins, one dialler per
/// known peer address with reconnect backoff, and at most one live connection per peer node.
///
/// All state is confined to one event loop (`eventLoop`): handlers and timers run there, and public
/// methods hop onto it. That keeps the transport free of locks and makes its ordering obvious.
public final class Mesh: @unchecked Sendable {
    public let eventLoop: any EventLoop
    let settings: MeshSettings
    private let logger: Logger
    private var material: TLSMaterial
    private var verifier: PeerVerifier
    private var sessions: [ObjectIdentifier: SessionHandler] = [:]
    private var established: [String: SessionHandler] = [:]
    private var targets: [String: DialTarget] = [:]
    private var listeners: [any Channel] = []
    private var maintenance: RepeatedTask?
    private var stopping = false
    /// Forwarded admin requests waiting for their answer, by id.
    let pendingForwards = NIOLockedValueBox<[UInt64: CheckedContinuation<AdminResponse?, Never>]>([:])

    /// Answers admin requests that arrive over TLS. Set before `start()`.
    public var admin: (any AdminDispatcher)?
    /// Receives gossip and quorum frames from established peers, on the event loop.
    public var onFrame: (@Sendable (_ frame: Frame, _ from: String) -> Void)?
    /// Told when a peer node becomes connected or disconnected, on the event loop.
    public var onPeerChange: (@Sendable (_ node: String, _ connected: Bool) -> Void)?

    public init(settings: MeshSettings, material: TLSMaterial, revocations: RevocationList = RevocationList(),
                eventLoop: any EventLoop, logger: Logger) {
        self.settings = settings
        self.material = material
        self.verifier = PeerVerifier(roots: material.caCertificates, revocations: revocations)
        self.eventLoop = eventLoop
        self.logger = logger
    }

    // MARK: Lifecycle

    /// Binds the peer listener and starts dialling the seeds.
    public func start() async throws {
        let channel = try await bind(host: settings.listenHost, port: settings.listenPort, endpoint: .peer)
        try await eventLoop.submit {
            self.listeners.append(channel)
            for seed in self.settings.seeds { self.addTargetOnLoop(address: seed, name: nil) }
            self.maintenance = self.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(100)) { _ in
                self.dialDueTargets()
            }
        }.get()
    }

    /// Binds the remote admin endpoint (mutual TLS, admin certificates only).
    public func startAdminEndpoint(address: String) async throws {
        guard let (host, port) = DialTarget.split(address) else { throw MeshError.badAddress(address) }
        let channel = try await bind(host: host, port: port, endpoint: .admin)
        try await eventLoop.submit { self.listeners.append(channel) }.get()
    }

    /// Says goodbye to every peer and closes everything.
    public func shutdown(reason: String = "agent shutting down") async {
        let closed: [EventLoopFuture<Void>]? = try? await eventLoop.submit {
            self.stopping = true
            self.maintenance?.cancel()
            for session in self.sessions.values { session.close(goodbye: reason) }
            return self.listeners.map { $0.close() }
        }.get()
        for future in closed ?? [] { try? await future.get() }
    }

    /// Swaps in new certificates and revocations: new handshakes use them and live connections stay up,
    /// except those of a certificate that is now revoked, which are closed at once.
    public func reload(material: TLSMaterial, revocations: RevocationList) async {
        try? await eventLoop.submit {
            self.material = material
            self.verifier = PeerVerifier(roots: material.caCertificates, revocations: revocations)
            for session in self.sessions.values {
                if let identity = session.identity, revocations.contains(identity) {
                    session.refuse(.revoked(serial: identity.serialHex))
                }
            }
        }.get()
    }

    // MARK: Queries and sending

    /// The established peer connections, sorted by node name.
    public func peerStatuses() async -> [PeerStatus] {
        (try? await eventLoop.submit {
            self.established.values.compactMap(\.status).sorted { $0.node < $1.node }
        }.get()) ?? []
    }

    /// Sends a frame to a connected node. Must be called on the event loop; false when not connected.
    @discardableResult
    public func send(_ frame: Frame, to node: String) -> Bool {
        eventLoop.preconditionInEventLoop()
        guard let session = established[node] else { return false }
        session.send(frame)
        return true
    }

    /// Keeps a connection to `address` (learned from gossip, for instance).
    public func addPeer(address: String, name: String?) {
        eventLoop.execute { self.addTargetOnLoop(address: address, name: name) }
    }

    /// The connected nodes. Must be called on the event loop.
    public var connectedNodes: [String] {
        eventLoop.preconditionInEventLoop()
        return established.keys.sorted()
    }

    /// How long `node` has been silent: the time since its connection last delivered a frame (pings
    /// included), or nil when no connection to it is established. Must be called on the event loop.
    public func silence(of node: String) -> TimeAmount? {
        eventLoop.preconditionInEventLoop()
        guard let session = established[node] else { return nil }
        return NIODeadline.now() - session.lastHeard
    }

    /// The address a connected node announced in its hello. Must be called on the event loop.
    public func advertisedAddress(of node: String) -> String? {
        eventLoop.preconditionInEventLoop()
        return established[node]?.peerHello?.address
    }

    /// The node known to listen at `address`, if any. Must be called on the event loop.
    public func nodeName(at address: String) -> String? {
        eventLoop.preconditionInEventLoop()
        return targets[address]?.name
    }

    func ownHello(purpose: Hello.Purpose) -> Frame? {
        let hello = Hello(node: settings.nodeName, role: settings.role, address: settings.advertisedAddress,
                          agentVersion: settings.agentVersion, purpose: purpose)
        return try? WireCodec.frame(.hello, hello)
    }

    // MARK: Listening and dialling

    private func bind(host: String, port: Int, endpoint: Endpoint) async throws -> any Channel {
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.configure(channel, direction: .inbound, endpoint: endpoint, dialAddress: nil, expectedName: nil)
                }
            }
        do {
            return try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw MeshError.bind(address: "\(host):\(port)", reason: "\(error)")
        }
    }

    /// Builds a connection's pipeline: TLS with our verifier, framing, then the session.
    private func configure(_ channel: any Channel, direction: PeerStatus.Direction, endpoint: Endpoint,
                           dialAddress: String?, expectedName: String?) throws {
        let verdict = NIOLockedValueBox<RefusalReason?>(nil)
        let verifier = self.verifier
        let callback: NIOSSLCustomVerificationCallback = { chain, promise in
            promise.completeWithTask {
                switch await verifier.verify(chain: chain) {
                case .trusted:
                    return .certificateVerified
                case let .refused(reason):
                    verdict.withLockedValue { $0 = reason }
                    return .failed
                }
            }
        }
        let tls: NIOSSLHandler = direction == .inbound
            ? NIOSSLServerHandler(context: material.serverContext, customVerificationCallback: callback)
            : try NIOSSLClientHandler(context: material.clientContext, serverHostname: nil, customVerificationCallback: callback)
        let session = SessionHandler(mesh: self, direction: direction, endpoint: endpoint, dialAddress: dialAddress,
                                     expectedName: expectedName, verdict: verdict)
        let operations = channel.pipeline.syncOperations
        try operations.addHandler(tls)
        try operations.addHandler(ByteToMessageHandler(FrameInboundDecoder(maxFrameBytes: settings.maxFrameBytes)))
        try operations.addHandler(MessageToByteHandler(FrameOutboundEncoder()))
        try operations.addHandler(session)
        sessions[ObjectIdentifier(session)] = session
    }

    private func addTargetOnLoop(address: String, name: String?) {
        guard address != settings.advertisedAddress else { return }
        if var existing = targets[address] {
            if existing.name == nil, let name { existing.name = name }
            targets[address] = existing
            return
        }
        let backoff = Backoff(minimum: settings.reconnectMinimum, maximum: settings.reconnectMaximum)
        guard let target = DialTarget(address: address, name: name, backoff: backoff) else {
            logger.warning("ignoring peer address that is not host:port", metadata: ["event": "peer_address_invalid", "address": "\(address)"])
            return
        }
        targets[address] = target
    }

    private func dialDueTargets() {
        guard !stopping else { return }
        let now = NIODeadline.now()
        for (address, target) in targets where !target.connecting && target.nextAttempt <= now {
            if let name = target.name, established[name] != nil { continue }
            dial(address)
        }
    }

    private func dial(_ address: String) {
        guard var target = targets[address] else { return }
        target.connecting = true
        targets[address] = target
        let expectedName = target.name
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(2))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.configure(channel, direction: .outbound, endpoint: .peer, dialAddress: address, expectedName: expectedName)
                }
            }
            .connect(host: target.host, port: target.port)
            .whenFailure { error in
                self.logger.debug("dial failed", metadata: ["event": "dial_failed", "address": "\(address)", "reason": "\(error)"])
                self.scheduleRedial(address)
            }
    }

    private func scheduleRedial(_ address: String) {
        guard var target = targets[address] else { return }
        target.connecting = false
        let delay = target.backoff.nextDelay(unit: Double.random(in: 0..<1))
        target.nextAttempt = .now() + TimeAmount(delay)
        targets[address] = target
    }

    // MARK: Session callbacks (on the event loop)

    func sessionEstablished(_ session: SessionHandler, hello: Hello) {
        guard session.endpoint == .peer else {
            logger.info("admin client connected", metadata: ["event": "admin_connected", "peer": "\(hello.node)", "address": "\(session.remoteAddress)"])
            return
        }
        if let address = session.dialAddress, var target = targets[address] {
            target.backoff.reset()
            target.name = hello.node
            targets[address] = target
        }
        addTargetOnLoop(address: hello.address, name: hello.node)
        if let existing = established[hello.node], existing !== session {
            let keepNew = prefer(session, over: existing, peer: hello.node)
            let loser = keepNew ? existing : session
            if keepNew { established[hello.node] = session }
            loser.close(goodbye: "duplicate connection")
            return
        }
        established[hello.node] = session
        logger.info("peer connected: \(hello.node)", metadata: [
            "event": "peer_connected", "peer": "\(hello.node)", "address": "\(session.remoteAddress)",
            "direction": "\(session.direction.rawValue)", "role": "\(hello.role)", "agent_version": "\(hello.agentVersion)",
        ])
        onPeerChange?(hello.node, true)
    }

    /// Of two connections to the same node, both sides keep the one dialled by the smaller name, so the
    /// choice agrees without a message; between equals the newer wins (the older is probably stale).
    private func prefer(_ candidate: SessionHandler, over existing: SessionHandler, peer: String) -> Bool {
        let preferredDialer = min(settings.nodeName, peer)
        func dialer(_ session: SessionHandler) -> String { session.direction == .outbound ? settings.nodeName : peer }
        let candidateOK = dialer(candidate) == preferredDialer
        let existingOK = dialer(existing) == preferredDialer
        return candidateOK == existingOK ? true : candidateOK
    }

    func sessionClosed(_ session: SessionHandler) {
        sessions[ObjectIdentifier(session)] = nil
        if let address = session.dialAddress { scheduleRedial(address) }
        guard let hello = session.peerHello, session.endpoint == .peer, established[hello.node] === session else { return }
        established[hello.node] = nil
        if !stopping {
            logger.info("peer disconnected: \(hello.node)", metadata: ["event": "peer_disconnected", "peer": "\(hello.node)", "address": "\(session.remoteAddress)"])
        }
        onPeerChange?(hello.node, false)
    }

    func sessionRefused(_ session: SessionHandler, reason: RefusalReason, claimedName: String?) {
        if case .impersonatesSelf = reason, let address = session.dialAddress {
            targets[address] = nil // a seed list that names this node itself
            return
        }
        logger.warning("connection refused: \(reason)", metadata: [
            "event": "peer_rejected", "peer": "\(claimedName ?? session.remoteAddress)", "address": "\(session.remoteAddress)",
            "reason": "\(reason)", "refusal": "\(reason.code)", "direction": "\(session.direction.rawValue)",
            "endpoint": "\(session.endpoint.rawValue)",
        ])
    }

    func sessionFailed(_ session: SessionHandler, reason: String) {
        logger.debug("connection failed", metadata: ["event": "connection_failed", "address": "\(session.remoteAddress)", "reason": "\(reason)"])
    }

    func sessionSaidGoodbye(_ session: SessionHandler, reason: String) {
        logger.debug("peer said goodbye", metadata: ["event": "peer_goodbye", "peer": "\(session.peerHello?.node ?? "?")", "reason": "\(reason)"])
    }

    func deliver(_ frame: Frame, from node: String) {
        onFrame?(frame, node)
    }
}
