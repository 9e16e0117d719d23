import NIOCore
import NIOHTTP1
import NIOSSL
import PKI
import Wire
import X509

/// One HTTP connection of the API: gathers each request (a body over `HTTPRouter.maxBodyBytes` is a
/// 413 and the connection closes), asks the server for the answer off the event loop, and writes it
/// back in order. Confined to its channel's event loop.
final class HTTPAPIHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: HTTPAPIServer
    private let secure: Bool
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    private var caller: AdminCaller?

    init(server: HTTPAPIServer, secure: Bool) {
        self.server = server
        self.secure = secure
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case var .body(buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > HTTPRouter.maxBodyBytes {
                tooLarge = true
                body = []
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body += bytes
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let keepAlive = head.isKeepAlive && !tooLarge
        if tooLarge {
            write(context: context, head: head, answer: HTTPAPIServer.error(413, "the body is over \(HTTPRouter.maxBodyBytes) bytes"), keepAlive: false)
            return
        }
        guard let caller = identify(context: context) else {
            write(context: context, head: head, answer: HTTPAPIServer.error(403, "no usable client certificate"), keepAlive: false)
            return
        }
        // A read answered within the cache's window is written from here, without a task.
        if head.method == .GET, let cached = server.cache.answer(for: head.uri) {
            write(context: context, head: head, answer: cached, keepAlive: keepAlive)
            return
        }
        let method = head.method.rawValue, target = head.uri, requestBody = body
        let server = self.server
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let loop = context.eventLoop
        Task {
            let answer = await server.answer(method: method, target: target, body: requestBody, caller: caller)
            loop.execute {
                let (handler, context) = bound.value
                handler.write(context: context, head: head, answer: answer, keepAlive: keepAlive)
            }
        }
    }

    /// Who asks: a certificate's name (admin or not) over TLS; a read-only local reader in plain HTTP.
    private func identify(context: ChannelHandlerContext) -> AdminCaller? {
        if let caller { return caller }
        guard secure else {
            caller = .node(name: "http on loopback")
            return caller
        }
        guard let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
              let certificate = tls.peerCertificate,
              let der = try? certificate.toDERBytes(),
              let parsed = try? Certificate(derEncoded: der),
              let identity = try? PeerIdentity(certificate: parsed) else { return nil }
        caller = AdminCaller(certificate: identity)
        return caller
    }

    private func write(context: ChannelHandlerContext, head: HTTPRequestHead, answer: HTTPAPIServer.Answer, keepAlive: Bool) {
        let (status, contentType, text) = (answer.status, answer.contentType, answer.body)
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(buffer.readableBytes))
        headers.add(name: "cache-control", value: "no-store")
        if !keepAlive { headers.add(name: "connection", value: "close") }
        for (name, value) in answer.headers { headers.add(name: name, value: value) }
        let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        if head.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
