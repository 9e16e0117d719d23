import Operations
import SeededRandom
import Testing

/// The artifact protocol's pure halves, sender and receiver, over a simulated connection that breaks
/// at random (everything in flight lost, the receiver's in-memory state gone, its partial file kept),
/// with seeded randomness: every transfer ends stored with the file byte-for-byte whole, bytes
/// acknowledged are never sent again except after a break, and a target that stops answering ends
/// the transfer failed, not waiting for ever.
@Suite struct ArtifactTransferTests {
    struct Outcome {
        var stored = false
        var failure: String?
        var bytesSent: Int64 = 0
        var breaks = 0
        var file: [UInt8] = []
    }

    /// One transfer of a `size`-byte file (byte i is i mod 251) under breaks with `breakChance` per
    /// delivered message. Time is simulated: a tick is 100 ms.
    static func simulate(seed: UInt64, size: Int64, breakChance: Double, settings: ArtifactSenderSettings) -> Outcome {
        var random = SplitMix64(seed: seed)
        let id = TransferID(operation: "op", artifact: "image")
        let manifest = ArtifactManifest(destination: "image.tar", size: size, sha256: String(repeating: "0", count: 64), maxBytes: size)
        var now = Duration.zero
        var sender = ArtifactSender(id: id, manifest: manifest, settings: settings, now: now)
        var receiver: ArtifactReceiver?
        var outcome = Outcome()
        var toTarget: [ArtifactSenderEffect] = sender.start(now: now)
        var toOrigin: [ArtifactMessage] = []
        for _ in 0..<200_000 where !sender.isFinished {
            if random.unit() < breakChance {
                toTarget.removeAll()
                toOrigin.removeAll()
                receiver = nil
                outcome.breaks += 1
            }
            if !toTarget.isEmpty {
                switch toTarget.removeFirst() {
                case let .offer(_, offered):
                    receiver = ArtifactReceiver(manifest: offered, have: Int64(outcome.file.count))
                    toOrigin.append(receiver!.isComplete ? .stored(id) : .have(id, bytes: Int64(outcome.file.count)))
                case let .send(_, offset, count):
                    outcome.bytesSent += Int64(count)
                    guard var target = receiver else { break }
                    switch target.verdict(offset: offset, count: count, bytes: count) {
                    case .write:
                        outcome.file += (0..<count).map { UInt8((Int(offset) + $0) % 251) }
                        target.wrote(count)
                        toOrigin.append(target.isComplete ? .stored(id) : .ack(id, received: target.received))
                    case .resync: break
                    case let .refuse(reason): toOrigin.append(.refused(id, reason: reason))
                    }
                    receiver = target
                case .stored, .failed: break
                }
            } else if !toOrigin.isEmpty {
                let effects: [ArtifactSenderEffect] = switch toOrigin.removeFirst() {
                case let .have(_, bytes): sender.onHave(bytes, now: now)
                case let .ack(_, received): sender.onAck(received, now: now)
                case .stored: sender.onStored()
                case let .refused(_, reason): sender.onRefused(reason)
                case .offer, .chunk: []
                }
                toTarget += effects
            } else {
                now += .milliseconds(100)
                toTarget += sender.onTick(now: now)
            }
        }
        switch sender.phase {
        case .stored: outcome.stored = true
        case let .failed(reason): outcome.failure = reason
        default: outcome.failure = "did not end"
        }
        return outcome
    }

    @Test("500 seeds, breaking connections: every transfer ends stored, the file whole, resent bytes bounded by the breaks")
    func transfersSurviveBreaks() {
        let settings = ArtifactSenderSettings(chunkBytes: 250, window: 4, stallTimeout: .seconds(5), maxOffers: 1000)
        var breaks = 0
        defer { #expect(breaks > 150, "the simulation hardly broke anything: \(breaks) breaks") }
        for seed in UInt64(0)..<500 {
            let size = Int64(seed % 7 == 0 ? 0 : 1 + Int(seed * 7919 % 4_000))
            let outcome = Self.simulate(seed: seed, size: size, breakChance: 0.02, settings: settings)
            breaks += outcome.breaks
            #expect(outcome.stored, "seed \(seed): \(outcome.failure ?? "")")
            #expect(outcome.file.count == Int(size), "seed \(seed): \(outcome.file.count) of \(size) bytes")
            #expect(outcome.file.enumerated().allSatisfy { $0.element == UInt8($0.offset % 251) }, "seed \(seed): the file differs")
            let window = Int64(settings.chunkBytes * settings.window)
            #expect(outcome.bytesSent <= size + Int64(outcome.breaks + 1) * window, "seed \(seed): \(outcome.bytesSent) bytes sent for \(size)")
            if outcome.stored == false || outcome.file.count != Int(size) { return }
        }
    }

    @Test("a target that never answers: the transfer fails after its offers, with a reason")
    func silentTargetFails() {
        let settings = ArtifactSenderSettings(chunkBytes: 1000, window: 4, stallTimeout: .seconds(5), maxOffers: 3)
        let outcome = Self.simulate(seed: 1, size: 10_000, breakChance: 1, settings: settings)
        #expect(!outcome.stored)
        #expect(outcome.failure?.contains("no progress after 3 offers") == true, "\(outcome.failure ?? "")")
    }

    @Test("the window bounds what is in flight; an ack past what was sent is ignored")
    func windowAndStrayAcks() {
        let id = TransferID(operation: "op", artifact: "a")
        let manifest = ArtifactManifest(destination: "a", size: 10_000, sha256: String(repeating: "a", count: 64), maxBytes: 10_000)
        var sender = ArtifactSender(id: id, manifest: manifest, settings: ArtifactSenderSettings(chunkBytes: 1000, window: 3), now: .zero)
        _ = sender.start(now: .zero)
        #expect(sender.onHave(2000, now: .zero) == [.send(id, offset: 2000, count: 1000), .send(id, offset: 3000, count: 1000),
                                                     .send(id, offset: 4000, count: 1000)])
        #expect(sender.onAck(9000, now: .zero).isEmpty)
        #expect(sender.onAck(3000, now: .zero) == [.send(id, offset: 5000, count: 1000)])
        #expect(sender.acknowledged == 3000)
    }

    @Test("the receiver writes only the next chunk, refuses one past the end or with a wrong length")
    func receiverVerdicts() {
        let manifest = ArtifactManifest(destination: "a", size: 2500, sha256: String(repeating: "a", count: 64), maxBytes: 2500)
        var receiver = ArtifactReceiver(manifest: manifest, have: 1000)
        #expect(receiver.verdict(offset: 0, count: 1000, bytes: 1000) == .resync(1000))
        #expect(receiver.verdict(offset: 1000, count: 1000, bytes: 999) != .write)
        #expect(receiver.verdict(offset: 1000, count: 2000, bytes: 2000) != .write)
        #expect(receiver.verdict(offset: 1000, count: 1000, bytes: 1000) == .write)
        receiver.wrote(1000)
        #expect(receiver.received == 2000 && !receiver.isComplete)
    }

    @Test("manifests that would escape the staging directory or break their bound are refused")
    func manifestRefusals() {
        let sha = String(repeating: "0", count: 64)
        #expect(ArtifactManifest(destination: "image.tar", size: 10, sha256: sha, maxBytes: 10).refusal == nil)
        for name in ["../etc/passwd", "a/b", ".hidden", "", "a\0b"] {
            #expect(ArtifactManifest(destination: name, size: 1, sha256: sha, maxBytes: 10).refusal != nil, "\(name)")
        }
        #expect(ArtifactManifest(destination: "a", size: 11, sha256: sha, maxBytes: 10).refusal?.contains("bound") == true)
        #expect(ArtifactManifest(destination: "a", size: 1, sha256: "ABC", maxBytes: 10).refusal != nil)
        #expect(ArtifactManifest(destination: "a", size: -1, sha256: sha, maxBytes: 10).refusal != nil)
    }
}

/// The origin's pacing.
@Suite struct TokenBucketTests {
    @Test("over any stretch of time, no more than burst + rate × time goes out; a chunk bigger than the burst still goes")
    func pacing() {
        var bucket = TokenBucket(bytesPerSecond: 1_000_000, burst: 250_000, now: .zero)
        var sent: Int64 = 0
        var now = Duration.zero
        for _ in 0..<1000 {
            now += .milliseconds(10)
            while bucket.take(100_000, now: now) { sent += 100_000 }
        }
        #expect(sent <= 250_000 + 10 * 1_000_000)
        #expect(sent >= 9 * 1_000_000, "pacing too slow: \(sent) bytes in 10 s at 1 MB/s")
        var small = TokenBucket(bytesPerSecond: 1000, burst: 10, now: .zero)
        let big = small.take(500, now: .zero)
        let tooSoon = small.take(1, now: .milliseconds(1))
        let later = small.take(1, now: .seconds(1))
        #expect(big && !tooSoon && later)
    }
}
