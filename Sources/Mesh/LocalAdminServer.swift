import Foundation
import Logging
import NIOCore
import NIOPosix
import Wire

/// The admin endpoint on a Unix socket for the local CLI. Its file mode (0600, in a 0700 directory when
/// the agent creates it) is the access control: only root can connect, and whoever connects may mutate.
public final class LocalAdminServer: @unchecked Sendable {
    private let path: String
    private let dispatcher: any AdminDispatcher
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let maxFrameBytes: Int
    private var channel: (any Channel)?

    public init(path: String, dispatcher: any AdminDispatcher, eventLoop: any EventLoop, logger: Logger,
                maxFrameBytes: Int = Frame.defaultMaxBytes) {
        self.path = path
        self.dispatcher = dispatcher
        self.eventLoop = eventLoop
        self.logger = logger
        self.maxFrameBytes = maxFrameBytes
    }

    /// Creates the socket (replacing a stale one) and restricts it to root.
    public func start() async throws {
        try prepareDirectory()
        let dispatcher = self.dispatcher
        let maxFrameBytes = self.maxFrameBytes
        let bootstrap = ServerBootstrap(group: eventLoop)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(ByteToMessageHandler(FrameInboundDecoder(maxFrameBytes: maxFrameBytes)))
                    try operations.addHandler(MessageToByteHandler(FrameOutboundEncoder()))
                    try operations.addHandler(LocalAdminHandler(dispatcher: dispatcher))
                }
            }
        let oldMask = umask(0o177)
        defer { umask(oldMask) }
        do {
            channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        } catch {
            throw MeshError.bind(address: path, reason: "\(error)")
        }
        chmod(path, 0o600)
    }

    public func stop() async {
        try? await channel?.close()
        unlink(path)
    }

    private func prepareDirectory() throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw MeshError.bind(address: path, reason: "cannot create \(directory): \(error)")
        }
    }
}

/// Serves admin frames on one local connection; a malformed frame closes it.
final class LocalAdminHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    private let dispatcher: any AdminDispatcher

    init(dispatcher: any AdminDispatcher) {
        self.dispatcher = dispatcher
    }

    /// The request is decoded and handled off the event loop: an artifact upload's piece is 700 KB of
    /// JSON, and the loop also carries the heartbeats.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let dispatcher = self.dispatcher
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        Task {
            guard frame.knownKind == .adminRequest, let request = try? WireCodec.decode(AdminRequest.self, from: frame) else {
                loop.execute { loopBound.value.close(promise: nil) }
                return
            }
            let response = await dispatcher.handle(request, caller: .localSocket)
            guard let reply = try? WireCodec.frame(.adminResponse, response) else { return }
            loop.execute {
                loopBound.value.writeAndFlush(handler.value.wrapOutboundOut(reply), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
