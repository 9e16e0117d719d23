import NIOCore
import Wire

/// Cuts the TLS plaintext stream into `Frame`s with the pure `FrameDecoder`, so the socket path and the
/// fuzzed path are the same code.
final class FrameInboundDecoder: ByteToMessageDecoder {
    typealias InboundOut = Frame

    private var decoder: FrameDecoder

    init(maxFrameBytes: Int) {
        decoder = FrameDecoder(maxFrameBytes: maxFrameBytes)
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if buffer.readableBytes > 0, let bytes = buffer.readBytes(length: buffer.readableBytes) {
            decoder.feed(bytes)
        }
        var produced = false
        while let frame = try decoder.nextFrame() {
            context.fireChannelRead(wrapInboundOut(frame))
            produced = true
        }
        return produced ? .continue : .needMoreData
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        _ = try decode(context: context, buffer: &buffer)
        return .needMoreData
    }
}

/// Writes `Frame`s as bytes.
final class FrameOutboundEncoder: MessageToByteEncoder {
    typealias OutboundIn = Frame

    func encode(data: Frame, out: inout ByteBuffer) throws {
        out.writeBytes(data.encoded())
    }
}
