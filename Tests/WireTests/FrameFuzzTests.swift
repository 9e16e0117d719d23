import Testing
@testable import Wire
import SeededRandom

/// Random and mutated byte streams must never crash the decoder or the payload decoders; every outcome is
/// a frame, a need for more bytes, or a typed error.
@Suite("Frame fuzzing")
struct FrameFuzzTests {
    @Test("random and mutated streams never crash the decoders", arguments: 0..<4)
    func fuzz(batch: Int) {
        var random = SplitMix64(seed: 0xF00D + UInt64(batch))
        let valid = validStream()
        var outcomes = (frames: 0, errors: 0)
        for _ in 0..<2_500 {
            var bytes = random.next() % 2 == 0 ? valid : randomBytes(&random, count: Int(random.next() % 300))
            mutate(&bytes, &random)
            let result = decodeAll(bytes, chunk: 1 + Int(random.next() % 17))
            outcomes.frames += result.frames
            outcomes.errors += result.failed ? 1 : 0
        }
        #expect(outcomes.frames > 0)
        #expect(outcomes.errors > 0)
    }

    private func decodeAll(_ bytes: [UInt8], chunk: Int) -> (frames: Int, failed: Bool) {
        var decoder = FrameDecoder(maxFrameBytes: 4096)
        var frames = 0
        var offset = 0
        while offset < bytes.count {
            decoder.feed(bytes[offset..<min(offset + chunk, bytes.count)])
            offset += chunk
            do {
                while let frame = try decoder.nextFrame() {
                    frames += 1
                    decodePayload(frame)
                }
            } catch {
                _ = error.description
                return (frames, true)
            }
        }
        return (frames, false)
    }

    private func decodePayload(_ frame: Frame) {
        switch frame.knownKind {
        case .hello: _ = try? WireCodec.decode(Hello.self, from: frame)
        case .ping, .pong: _ = try? WireCodec.decode(Ping.self, from: frame)
        case .adminRequest: _ = try? WireCodec.decode(AdminRequest.self, from: frame)
        case .adminResponse: _ = try? WireCodec.decode(AdminResponse.self, from: frame)
        case .goodbye: _ = try? WireCodec.decode(Goodbye.self, from: frame)
        case .artifact: _ = try? HeaderedPayload.decode(JSONValue.self, from: frame)
        default: _ = try? WireCodec.decode(JSONValue.self, from: frame)
        }
    }

    private func validStream() -> [UInt8] {
        let hello = Hello(node: "app1", role: "app", address: "127.0.0.1:7946", agentVersion: "0.1.0", purpose: .peer)
        let frames = [
            try? WireCodec.frame(.hello, hello),
            try? WireCodec.frame(.ping, Ping(sequence: 7, sentNanos: 99)),
            try? WireCodec.frame(.adminRequest, AdminRequest(id: 1, command: "status")),
            try? WireCodec.frame(.adminResponse, AdminResponse(id: 1, result: .object(["a": .array([.number(1), .null])]))),
            try? HeaderedPayload.frame(.artifact, header: JSONValue.object(["chunk": .number(0)]), body: [1, 2, 3, 4]),
        ]
        return frames.compactMap { $0 }.flatMap { $0.encoded() }
    }

    private func randomBytes(_ random: inout SplitMix64, count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    private func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        guard !bytes.isEmpty else { return }
        for _ in 0..<(1 + Int(random.next() % 4)) {
            let index = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 4 {
            case 0: bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
            case 1: bytes[index] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.removeSubrange(index...)
            default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: index)
            }
            if bytes.isEmpty { return }
        }
    }
}

/// A tiny seeded generator so every failing case reproduces.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
