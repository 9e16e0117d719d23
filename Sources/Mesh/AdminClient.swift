import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Wire

/// Sends one admin request to an agent and waits for the answer: over the local Unix socket, or over
/// mutual TLS to a remote agent's admin endpoint with an admin certificate.
public enum AdminClient {
    /// Asks the agent behind the local socket at `socketPath`.
    public static func request(_ request: AdminRequest, socketPath: String, timeout: Duration = .seconds(10)) async throws -> AdminResponse {
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: AdminResponse.self)
        let bootstrap = ClientBootstrap(group: group).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandlers([
                    ByteToMessageHandler(FrameInboundDecoder(maxFrameBytes: 16 << 20)),
                    MessageToByteHandler(FrameOutboundEncoder()),
                    ResponseHandler(promise: promise, hello: nil, request: request),
                ])
            }
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(unixDomainSocketPath: socketPath).get()
        } catch {
            promise.fail(error)
            throw AdminClientError.unreachable(socketPath, "\(error)")
        }
        return try await awaitResponse(promise, channel: channel, timeout: timeout)
    }

    /// Asks a remote agent's admin endpoint, proving identity with `material` (an admin certificate).
    public static func request(_ request: AdminRequest, remote address: String, material: TLSMaterial, name: String,
                               timeout: Duration = .seconds(10)) async throws -> AdminResponse {
        guard let (host, port) = DialTarget.split(address) else { throw AdminClientError.unreachable(address, "not host:port") }
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: AdminResponse.self)
        let hello = Hello(node: name, role: "admin", address: "", agentVersion: "cli", purpose: .admin)
        let verifier = PeerVerifier(roots: material.caCertificates)
        let bootstrap = ClientBootstrap(group: group).connectTimeout(.seconds(3)).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let tls = try NIOSSLClientHandler(context: material.clientContext, serverHostname: nil) { chain, verdict in
                    verdict.completeWithTask {
                        if case .trusted = await verifier.verify(chain: chain) { return .certificateVerified }
                        return .failed
                    }
                }
                try channel.pipeline.syncOperations.addHandlers([
                    tls,
                    ByteToMessageHandler(FrameInboundDecoder(maxFrameBytes: 16 << 20)),
                    MessageToByteHandler(FrameOutboundEncoder()),
                    ResponseHandler(promise: promise, hello: hello, request: request),
                ])
            }
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw AdminClientError.unreachable(address, "\(error)")
        }
        return try await awaitResponse(promise, channel: channel, timeout: timeout)
    }

    private static func awaitResponse(_ promise: EventLoopPromise<AdminResponse>, channel: any Channel,
                                      timeout: Duration) async throws -> AdminResponse {
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(AdminClientError.timedOut)
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }
}

/// Why an admin request got no answer.
public enum AdminClientError: Error, Sendable, CustomStringConvertible {
    case unreachable(String, String)
    case closed(String)
    case timedOut

    public var description: String {
        switch self {
        case let .unreachable(target, reason): return "cannot reach the agent at \(target): \(reason)"
        case let .closed(reason): return "the agent closed the connection: \(reason)"
        case .timedOut: return "the agent did not answer in time"
        }
    }
}

/// Sends the hello (TLS only) and the request, then completes the promise with the first response.
private final class ResponseHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    private let promise: EventLoopPromise<AdminResponse>
    private let hello: Hello?
    private let request: AdminRequest
    private var goodbye: String?

    init(promise: EventLoopPromise<AdminResponse>, hello: Hello?, request: AdminRequest) {
        self.promise = promise
        self.hello = hello
        self.request = request
    }

    func channelActive(context: ChannelHandlerContext) {
        if hello == nil { sendRequest(context: context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let hello, let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent,
           let frame = try? WireCodec.frame(.hello, hello) {
            context.write(wrapOutboundOut(frame), promise: nil)
            sendRequest(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func sendRequest(context: ChannelHandlerContext) {
        guard let frame = try? WireCodec.frame(.adminRequest, request) else { return }
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.knownKind {
        case .adminResponse:
            do {
                promise.succeed(try WireCodec.decode(AdminResponse.self, from: frame))
            } catch {
                promise.fail(error)
            }
        case .goodbye:
            goodbye = (try? WireCodec.decode(Goodbye.self, from: frame))?.reason
        default:
            return
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(AdminClientError.closed("\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(AdminClientError.closed(goodbye ?? "connection closed"))
        context.fireChannelInactive()
    }
}
