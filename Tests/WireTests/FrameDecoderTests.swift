import Testing
@testable import Wire

@Suite("Frame decoder")
struct FrameDecoderTests {
    @Test("a frame survives encode and decode, whatever the chunking")
    func roundTripAnyChunking() throws {
        let frames = (0..<20).map { index in
            Frame(kind: .gossip, payload: (0..<(index * 37)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        }
        let stream = frames.flatMap { $0.encoded() }
        for chunk in [1, 2, 3, 7, 64, stream.count] {
            var decoder = FrameDecoder()
            var decoded: [Frame] = []
            var offset = 0
            while offset < stream.count {
                decoder.feed(stream[offset..<min(offset + chunk, stream.count)])
                offset += chunk
                while let frame = try decoder.nextFrame() { decoded.append(frame) }
            }
            #expect(decoded == frames)
            #expect(decoder.bufferedBytes == 0)
        }
    }

    @Test("an oversized length prefix is refused before the body arrives")
    func oversizedRefusedEarly() {
        var decoder = FrameDecoder(maxFrameBytes: 4096)
        decoder.feed([0x00, 0x10, 0x00, 0x01])
        #expect(throws: FrameError.oversized(declared: 0x100001, limit: 4096)) { try decoder.nextFrame() }
    }

    @Test("a length too short for the header is malformed")
    func truncatedHeader() {
        var decoder = FrameDecoder()
        decoder.feed([0, 0, 0, 1, 1])
        #expect(throws: FrameError.truncatedHeader(declared: 1)) { try decoder.nextFrame() }
    }

    @Test("an unknown format version is refused")
    func unknownVersion() {
        var decoder = FrameDecoder()
        decoder.feed([0, 0, 0, 2, 9, 1])
        #expect(throws: FrameError.unsupportedVersion(9)) { try decoder.nextFrame() }
    }

    @Test("an unknown kind passes through, so newer peers can add kinds")
    func unknownKindTolerated() throws {
        var decoder = FrameDecoder()
        decoder.feed(Frame(rawKind: 200, payload: [1, 2, 3]).encoded())
        let frame = try #require(try decoder.nextFrame())
        #expect(frame.kind == 200)
        #expect(frame.knownKind == nil)
    }

    @Test("plaintext HTTP is not mistaken for frames")
    func plaintextRefused() {
        var decoder = FrameDecoder()
        decoder.feed(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: FrameError.self) { try decoder.nextFrame() }
    }
}
