import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PKI
import Wire

/// The HTTP/JSON API (`/v1/…`, `/metrics`, `/v1/openapi.json`), served by the same dispatcher as the
/// CLI's admin protocol. Two kinds of listener:
///
/// - mutual TLS with the fleet's certificates (`network.http_listen`): an admin certificate may
///   mutate, a node certificate may only read;
/// - plain HTTP on a loopback address (`network.http_loopback`), read-only: for a person at the node or
///   behind an SSH tunnel, never reachable from the network.
///
/// Why NIOHTTP1 rather than a web framework: the agent already runs one NIO event loop with the fleet's
/// TLS configuration and certificate identities; the API is a routing table over the existing
/// dispatcher (`HTTPRouter`), so serving it on the same stack adds no dependency, no second TLS
/// configuration and no second notion of who the caller is.
public final class HTTPAPIServer: Sendable {
    /// What the server needs from the agent beyond the dispatcher.
    public struct Sources: Sendable {
        /// This node's name: `/v1/nodes/<me>/…` is answered here.
        public var me: String
        /// Whether a name is a member of the fleet (a request for an unknown node is a 404, for a
        /// known one out of reach a 503).
        public var isMember: @Sendable (String) async -> Bool
        /// The Prometheus text exposition of `/metrics`.
        public var metrics: @Sendable () async -> String
        /// The OpenAPI document served at `/v1/openapi.json`.
        public var openAPI: String

        public init(me: String, isMember: @escaping @Sendable (String) async -> Bool,
                    metrics: @escaping @Sendable () async -> String, openAPI: String) {
            self.me = me
            self.isMember = isMember
            self.metrics = metrics
            self.openAPI = openAPI
        }
    }

    /// How long a forwarded query waits for the node that must answer it.
    public static let forwardTimeout: Duration = .seconds(5)

    /// How long the answer to a read query is reused (see `HTTPAnswerCache`).
    public static let answerWindow = TimeAmount.milliseconds(100)

    private let mesh: Mesh
    private let sources: Sources
    private let logger: Logger
    let cache: HTTPAnswerCache

    public init(mesh: Mesh, sources: Sources, logger: Logger, answerWindow: TimeAmount = HTTPAPIServer.answerWindow) {
        self.mesh = mesh
        self.sources = sources
        self.logger = logger
        self.cache = HTTPAnswerCache(window: answerWindow)
    }

    /// Binds a listener. With `tls`, clients must present a certificate of the fleet CA; without, the
    /// listener is read-only and the caller must have checked that `host` is a loopback address.
    public func bind(host: String, port: Int, tls: TLSMaterial?) async throws -> any Channel {
        let verifier = tls.map { PeerVerifier(roots: $0.caCertificates) }
        let bootstrap = ServerBootstrap(group: mesh.eventLoop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls, let verifier {
                        let callback: NIOSSLCustomVerificationCallback = { chain, promise in
                            promise.completeWithTask {
                                if case .trusted = await verifier.verify(chain: chain) { return .certificateVerified }
                                return .failed
                            }
                        }
                        try operations.addHandler(NIOSSLServerHandler(context: tls.serverContext, customVerificationCallback: callback))
                    }
                    try operations.configureHTTPServerPipeline(withErrorHandling: true)
                    try operations.addHandler(HTTPAPIHandler(server: self, secure: tls != nil))
                }
            }
        do {
            return try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw MeshError.bind(address: "\(host):\(port)", reason: "\(error)")
        }
    }

    /// One answer: status, content type, body, and extra headers.
    struct Answer: Sendable {
        var status: Int
        var contentType: String
        var body: String
        var headers: [(String, String)] = []
    }

    /// Answers one request.
    func answer(method: String, target: String, body: [UInt8], caller: AdminCaller) async -> Answer {
        let path = HTTPRouter.split(target).0
        if method == "GET", path == "/metrics" { return Answer(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: await sources.metrics()) }
        if method == "GET", path == "/v1/openapi.json" { return Answer(status: 200, contentType: "application/json", body: sources.openAPI) }
        if method == "GET", path == "/" || path == "/dashboard" {
            return Answer(status: 200, contentType: "text/html; charset=utf-8", body: DashboardPage.html,
                          headers: [("content-security-policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")])
        }
        let resolved: HTTPRouter.Resolved
        switch HTTPRouter.resolve(method: method, target: target, body: body) {
        case let .success(value): resolved = value
        case let .failure(error):
            var answer = Self.error(error.status, error.description)
            if let allow = error.allow { answer.headers.append(("allow", allow)) }
            return answer
        }
        guard let dispatcher = mesh.admin else { return Self.error(503, "the agent is starting") }
        let request = resolved.request
        let mutation = dispatcher.isMutation(request.command)
        if mutation, !caller.mayMutate {
            return Self.error(403, "\(request.command) changes the fleet and needs an admin certificate; this caller may only read")
        }
        // Whatever the outcome, a client that asked for a change must not then read an answer from before it.
        if mutation { cache.removeAll() }
        let response: AdminResponse
        if let node = resolved.node, node != sources.me {
            guard let answer = await mesh.forward(request, to: node, timeout: Self.forwardTimeout) else {
                if await sources.isMember(node) {
                    return Self.error(503, "\(node) did not answer through the mesh within \(Self.forwardTimeout.components.seconds) s (not connected to \(sources.me), or overloaded)")
                }
                return Self.error(404, HTTPRouteError.unknownNode(node).description)
            }
            response = answer
        } else {
            response = await dispatcher.handle(request, caller: caller)
        }
        guard response.ok else {
            let message = response.error ?? "refused"
            return Self.error(Self.status(forRefusal: message), message)
        }
        let result = response.result ?? .object([:])
        guard let data = try? JSONEncoder().encode(result), let text = String(data: data, encoding: .utf8) else {
            return Self.error(422, "the answer could not be encoded")
        }
        let answer = Answer(status: 200, contentType: "application/json", body: text)
        if method == "GET", !mutation { cache.store(answer, for: target) }
        return answer
    }

    /// A well-formed request the agent refused: the resource is not there (404: no such operation,
    /// group, policy, or nothing of the kind configured here), the coordinator did not commit it (409),
    /// or it is not possible as asked (422). Never 5xx: nothing failed on the server.
    static func status(forRefusal message: String) -> Int {
        if message.hasPrefix("not committed") { return 409 }
        let subject = message.split(separator: ":", maxSplits: 1).count == 2 && !message.hasPrefix("no ")
            ? message.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) : message
        if subject.hasPrefix("no ") || message.contains("did not answer") && message.contains("not a member") { return 404 }
        return 422
    }

    static func error(_ status: Int, _ message: String) -> Answer {
        let body = (try? JSONEncoder().encode(["error": message])).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return Answer(status: status, contentType: "application/json", body: body)
    }
}
