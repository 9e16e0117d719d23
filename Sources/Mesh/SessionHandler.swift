import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import NIOTLS
import PKI
import Wire
import X509

/// Which listener (or dial) a connection belongs to: the rules differ.
enum Endpoint: String, Sendable {
    /// Node-to-node traffic: node certificates only.
    case peer
    /// Remote administration: admin certificates only.
    case admin
}

/// One mutual-TLS connection after the TLS handler: waits for the handshake, exchanges hellos, checks
/// that the certificate's name is the name claimed, then carries frames for the mesh. Every refusal closes
/// the connection and is logged once with its reason. Lives on the mesh's event loop.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    private enum State {
        case handshaking
        case awaitingHello(PeerIdentity)
        case established(Hello, PeerIdentity)
        case closed
    }

    let direction: PeerStatus.Direction
    let endpoint: Endpoint
    /// Outbound only: the address dialled and the node expected there, if known.
    let dialAddress: String?
    let expectedName: String?
    private let mesh: Mesh
    private let verdict: NIOLockedValueBox<RefusalReason?>
    private var state = State.handshaking
    private var context: ChannelHandlerContext?
    private var timeout: Scheduled<Void>?
    private var pinger: RepeatedTask?
    /// When the last frame of any kind arrived: the freshest evidence that the peer is reachable.
    private(set) var lastHeard = NIODeadline.now()
    private var pingSequence: UInt64 = 0
    private(set) var rttMilliseconds: Double?
    private(set) var connectedSince = Date()
    private var refused = false

    init(mesh: Mesh, direction: PeerStatus.Direction, endpoint: Endpoint, dialAddress: String?,
         expectedName: String?, verdict: NIOLockedValueBox<RefusalReason?>) {
        self.mesh = mesh
        self.direction = direction
        self.endpoint = endpoint
        self.dialAddress = dialAddress
        self.expectedName = expectedName
        self.verdict = verdict
    }

    /// The remote socket address, for logs.
    var remoteAddress: String {
        guard let address = context?.channel.remoteAddress else { return dialAddress ?? "unknown" }
        if let ip = address.ipAddress, let port = address.port { return "\(ip):\(port)" }
        return "\(address)"
    }

    var peerHello: Hello? {
        if case let .established(hello, _) = state { return hello }
        return nil
    }

    var isEstablished: Bool { peerHello != nil }

    /// The certificate identity the peer proved, once TLS is up.
    var identity: PeerIdentity? {
        switch state {
        case let .awaitingHello(identity), let .established(_, identity): return identity
        case .handshaking, .closed: return nil
        }
    }

    /// The status line of an established connection.
    var status: PeerStatus? {
        guard case let .established(hello, identity) = state else { return nil }
        return PeerStatus(
            node: hello.node, role: hello.role, address: hello.address, agentVersion: hello.agentVersion,
            direction: direction,
            identity: .init(subjectAltName: identity.name, admin: identity.isAdmin, serial: identity.serialHex,
                            issuer: identity.issuerCommonName ?? "", notAfter: identity.notAfter),
            connectedSince: connectedSince, rttMilliseconds: rttMilliseconds)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: TimeAmount(mesh.settings.handshakeTimeout)) {
            loopBound.value.handshakeTimedOut()
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            tlsReady(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        lastHeard = .now()
        switch state {
        case .handshaking, .closed:
            return
        case let .awaitingHello(identity):
            receiveHello(frame, identity: identity)
        case let .established(hello, identity):
            dispatch(frame, hello: hello, identity: identity)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let frameError = error as? FrameError {
            refuse(.frame(frameError.description))
        } else if let decoderError = error as? ByteToMessageDecoderError {
            refuse(.frame("malformed frame stream: \(decoderError)"))
        } else if isEstablished {
            mesh.sessionFailed(self, reason: "\(error)")
            context.close(promise: nil)
        } else {
            refuse(RefusalReason.classify(error, verdict: verdict.withLockedValue { $0 }))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        pinger?.cancel()
        if case .handshaking = state, !refused, let reason = verdict.withLockedValue({ $0 }) {
            refuse(reason)
        }
        mesh.sessionClosed(self)
        state = .closed
        context.fireChannelInactive()
    }

    // MARK: Hello exchange

    private func tlsReady(context: ChannelHandlerContext) {
        do {
            let certificate = try peerCertificate(context: context)
            let identity: PeerIdentity
            do {
                identity = try PeerIdentity(certificate: certificate)
            } catch {
                throw RefusalReason.unreadableCertificate(error.description)
            }
            state = .awaitingHello(identity)
            if direction == .outbound { send(mesh.ownHello(purpose: endpoint == .admin ? .admin : .peer)) }
        } catch let reason as RefusalReason {
            refuse(reason)
        } catch {
            refuse(.unreadableCertificate("\(error)"))
        }
    }

    private func peerCertificate(context: ChannelHandlerContext) throws -> X509.Certificate {
        let tls = try context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
        guard let certificate = tls.peerCertificate else { throw RefusalReason.noCertificate }
        return try X509.Certificate(derEncoded: try certificate.toDERBytes())
    }

    private func receiveHello(_ frame: Frame, identity: PeerIdentity) {
        guard frame.knownKind == .hello else {
            refuse(.protocolViolation("first frame must be a hello, got kind \(frame.kind)"))
            return
        }
        do {
            let hello = try WireCodec.decode(Hello.self, from: frame)
            try check(hello, identity: identity)
            if direction == .inbound { send(mesh.ownHello(purpose: hello.purpose)) }
            timeout?.cancel()
            state = .established(hello, identity)
            connectedSince = Date()
            if endpoint == .peer { startPinging() }
            mesh.sessionEstablished(self, hello: hello)
        } catch let error as FrameError {
            refuse(.frame(error.description))
        } catch let reason as RefusalReason {
            refuse(reason)
        } catch {
            refuse(.protocolViolation("\(error)"))
        }
    }

    /// The identity rules: the certificate's name is the claimed name, node certificates on the peer
    /// port, admin certificates on the admin port, and a dialled peer is the one we meant to reach.
    private func check(_ hello: Hello, identity: PeerIdentity) throws(RefusalReason) {
        guard identity.name == hello.node else {
            throw .nameMismatch(certificate: identity.name, claimed: hello.node)
        }
        switch endpoint {
        case .peer:
            if identity.isAdmin { throw .adminCertificateAsNode(name: identity.name) }
            if identity.kind == .reader { throw .readerCertificateAsNode(name: identity.name) }
            guard hello.purpose == .peer else { throw .wrongPurpose("admin client on the peer port; use the admin endpoint") }
            if hello.node == mesh.settings.nodeName { throw .impersonatesSelf(name: hello.node) }
            if let expectedName, expectedName != hello.node {
                throw .unexpectedPeer(expected: expectedName, actual: hello.node)
            }
        case .admin:
            guard direction == .inbound else { return }
            // Admins and readers are the admin endpoint's clients; what a reader may not do is refused per request.
            if identity.isNode { throw .nodeCertificateOnAdminEndpoint(name: identity.name) }
            guard hello.purpose == .admin else { throw .wrongPurpose("peer hello on the admin endpoint") }
        }
    }

    // MARK: Established traffic

    private func dispatch(_ frame: Frame, hello: Hello, identity: PeerIdentity) {
        do {
            switch frame.knownKind {
            case .ping:
                send(Frame(kind: .pong, payload: frame.payload))
            case .pong:
                recordPong(try WireCodec.decode(Ping.self, from: frame))
            case .goodbye:
                let goodbye = try WireCodec.decode(Goodbye.self, from: frame)
                mesh.sessionSaidGoodbye(self, reason: goodbye.reason)
                context?.close(promise: nil)
            case .adminRequest:
                try handleAdmin(try WireCodec.decode(AdminRequest.self, from: frame), identity: identity)
            case .gossip, .raft, .operation, .artifact, .diagnose, .events:
                mesh.deliver(frame, from: hello.node)
            case .hello:
                throw RefusalReason.protocolViolation("second hello on an established connection")
            case .adminResponse:
                // The answer to a request this node forwarded (`Mesh.forward`); one nobody waits for is dropped.
                if let response = try? WireCodec.decode(AdminResponse.self, from: frame) { mesh.deliverAdminResponse(response) }
            case nil:
                return // a newer peer's kind: skipped
            }
        } catch let error as FrameError {
            refuse(.frame(error.description))
        } catch let reason as RefusalReason {
            refuse(reason)
        } catch {
            refuse(.protocolViolation("\(error)"))
        }
    }

    private func handleAdmin(_ request: AdminRequest, identity: PeerIdentity) throws(RefusalReason) {
        guard let dispatcher = mesh.admin else {
            send(try? WireCodec.frame(.adminResponse, AdminResponse(id: request.id, error: "admin API not ready")))
            return
        }
        let caller = AdminCaller(certificate: identity)
        if dispatcher.isMutation(request.command) && !caller.mayMutate {
            // A reader asking for a change is an operator's mistake: answer it. A node sending one over
            // its peer connection is not something a correct agent does: close the connection.
            guard case .reader = caller else { throw .nodeCertificateMutation(name: identity.name, command: request.command) }
            send(try? WireCodec.frame(.adminResponse, AdminResponse(
                id: request.id, error: "\(identity.name) holds a reader certificate: it may query, not change anything (\(request.command))")))
            return
        }
        let loopBound = NIOLoopBound(self, eventLoop: mesh.eventLoop)
        let loop = mesh.eventLoop
        Task {
            let response = await dispatcher.handle(request, caller: caller)
            loop.execute { loopBound.value.send(try? WireCodec.frame(.adminResponse, response)) }
        }
    }

    private func startPinging() {
        let loopBound = NIOLoopBound(self, eventLoop: mesh.eventLoop)
        let interval = TimeAmount(mesh.settings.pingInterval)
        pinger = mesh.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.pingOrDropSilent()
        }
    }

    private func pingOrDropSilent() {
        let silentFor = NIODeadline.now() - lastHeard
        if silentFor > TimeAmount(mesh.settings.idleTimeout) {
            mesh.sessionFailed(self, reason: "silent for \(silentFor.nanoseconds / 1_000_000) ms")
            send(try? WireCodec.frame(.goodbye, Goodbye(reason: "silent too long")))
            context?.close(promise: nil)
            return
        }
        pingSequence += 1
        let ping = Ping(sequence: pingSequence, sentNanos: NIODeadline.now().uptimeNanoseconds)
        send(try? WireCodec.frame(.ping, ping))
    }

    private func recordPong(_ pong: Ping) {
        let now = NIODeadline.now().uptimeNanoseconds
        guard pong.sentNanos <= now else { return }
        let sample = Double(now - pong.sentNanos) / 1_000_000
        rttMilliseconds = rttMilliseconds.map { $0 * 0.8 + sample * 0.2 } ?? sample
    }

    // MARK: Output and closing

    /// Writes a frame if the connection is up. Must run on the mesh's event loop.
    func send(_ frame: Frame?) {
        guard let frame, let context, context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Closes the connection politely (used for duplicates and shutdown).
    func close(goodbye reason: String) {
        send(try? WireCodec.frame(.goodbye, Goodbye(reason: reason)))
        context?.close(promise: nil)
    }

    private func handshakeTimedOut() {
        guard !isEstablished else { return }
        refuse(verdict.withLockedValue { $0 } ?? .handshakeTimeout)
    }

    /// Logs the refusal once and closes the connection.
    func refuse(_ reason: RefusalReason) {
        guard !refused else { return }
        refused = true
        let claimed = peerHello?.node
        mesh.sessionRefused(self, reason: reason, claimedName: claimed)
        if case .awaitingHello = state { send(try? WireCodec.frame(.goodbye, Goodbye(reason: reason.description))) }
        if case .established = state { send(try? WireCodec.frame(.goodbye, Goodbye(reason: reason.description))) }
        context?.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
