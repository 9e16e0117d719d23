import Foundation
import Logging
import Mesh
import NIOCore
import Operations
import Wire

/// The origin side of artifact transfers: one `ArtifactSender` per file and target, driven by the
/// targets' answers and a 20 ms tick (stall checks, and chunks held back by the pace), with the file
/// read on a queue of its own. Every chunk of every transfer passes one `TokenBucket`, so an origin
/// sends at most `bytesPerSecond` however many targets it feeds. Confined to the mesh's event loop.
final class ArtifactOutbox: @unchecked Sendable {
    struct Key: Hashable { var id: TransferID; var target: String }

    private let mesh: Mesh
    private let logger: Logger
    private let settings: ArtifactSenderSettings
    private let readQueue = DispatchQueue(label: "nodeagent.artifacts.read")
    private var senders: [Key: ArtifactSender] = [:]
    private var sources: [TransferID: String] = [:]
    /// Chunks the pace holds back, in the order the senders asked for them.
    private var paced: [(key: Key, offset: Int64, count: Int)] = []
    private var bucket: TokenBucket
    private var ticker: RepeatedTask?
    private let origin = NIODeadline.now()

    init(mesh: Mesh, logger: Logger, settings: ArtifactSenderSettings = ArtifactSenderSettings()) {
        self.mesh = mesh
        self.logger = logger
        self.settings = settings
        bucket = TokenBucket(bytesPerSecond: settings.bytesPerSecond, burst: Int64(settings.chunkBytes * 4), now: .zero)
    }

    private var now: Duration { .nanoseconds((NIODeadline.now() - origin).nanoseconds) }

    func start() {
        mesh.eventLoop.execute {
            self.ticker = self.mesh.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(20), delay: .milliseconds(20)) { _ in
                self.tick()
            }
        }
    }

    func stop() {
        mesh.eventLoop.execute { self.ticker?.cancel() }
    }

    /// Starts sending `path` (a stored, checked copy) to each target; a transfer already running or
    /// stored for a target is left as it is, so `op run` may be repeated.
    func send(_ id: TransferID, manifest: ArtifactManifest, path: String, to targets: [String]) {
        mesh.eventLoop.execute {
            self.sources[id] = path
            for target in targets {
                let key = Key(id: id, target: target)
                if let existing = self.senders[key], !existing.hasFailed { continue }
                var sender = ArtifactSender(id: id, manifest: manifest, settings: self.settings, now: self.now)
                let effects = sender.start(now: self.now)
                self.senders[key] = sender
                self.logger.info("sending artifact \(id) to \(target)", metadata: ["event": "artifact_sending", "op": "\(id.operation)",
                                                                                   "artifact": "\(id.artifact)", "peer": "\(target)",
                                                                                   "bytes": "\(manifest.size)"])
                self.perform(effects, key)
            }
        }
    }

    /// The transfers of `operation`, on the event loop.
    func progress(of operation: String) -> EventLoopFuture<[ArtifactProgress]> {
        mesh.eventLoop.submit {
            self.senders.filter { $0.key.id.operation == operation }.map { key, sender in
                let (state, reason): (String, String?) = switch sender.phase {
                case .offering: ("offering", nil)
                case .sending: ("sending", nil)
                case .verifying: ("verifying", nil)
                case .stored: ("stored", nil)
                case let .failed(reason): ("failed", reason)
                }
                return ArtifactProgress(operation: operation, artifact: key.id.artifact, node: key.target, bytes: sender.acknowledged,
                                size: sender.manifest.size, state: state, reason: reason)
            }.sorted { ($0.artifact, $0.node) < ($1.artifact, $1.node) }
        }
    }

    /// An answer from `from` (on the event loop).
    func receive(_ message: ArtifactMessage, from: String) {
        let key = Key(id: message.transfer, target: from)
        guard var sender = senders[key] else { return }
        let now = self.now
        let effects: [ArtifactSenderEffect] = switch message {
        case let .have(_, bytes): sender.onHave(bytes, now: now)
        case let .ack(_, received): sender.onAck(received, now: now)
        case .stored: sender.onStored()
        case let .refused(_, reason): sender.onRefused(reason)
        case .offer, .chunk: []
        }
        senders[key] = sender
        perform(effects, key)
    }

    private func tick() {
        let now = self.now
        releasePaced(now: now)
        for key in Array(senders.keys) {
            guard var sender = senders[key], !sender.isFinished else { continue }
            let effects = sender.onTick(now: now)
            senders[key] = sender
            perform(effects, key)
        }
    }

    private func perform(_ effects: [ArtifactSenderEffect], _ key: Key) {
        for effect in effects {
            switch effect {
            case let .offer(id, manifest):
                paced.removeAll { $0.key == key }  // a re-offer resumes from the acknowledged byte
                guard let frame = try? HeaderedPayload.frame(.artifact, header: ArtifactMessage.offer(id, manifest), body: []) else { continue }
                _ = mesh.send(frame, to: key.target)  // not connected: the stall check offers again
            case let .send(_, offset, count):
                paced.append((key, offset, count))
                releasePaced(now: now)
            case let .stored(id):
                logger.info("artifact \(id) stored on \(key.target)", metadata: ["event": "artifact_sent", "op": "\(id.operation)",
                                                                                 "artifact": "\(id.artifact)", "peer": "\(key.target)"])
            case let .failed(id, reason):
                logger.error("artifact \(id) to \(key.target) failed: \(reason)",
                             metadata: ["event": "artifact_failed", "op": "\(id.operation)", "artifact": "\(id.artifact)",
                                        "peer": "\(key.target)", "reason": "\(reason)"])
            }
        }
    }

    private func releasePaced(now: Duration) {
        var released = 0
        while released < paced.count, bucket.take(Int64(paced[released].count), now: now) {
            let chunk = paced[released]
            read(chunk.key.id, offset: chunk.offset, count: chunk.count, key: chunk.key)
            released += 1
        }
        paced.removeFirst(released)
    }

    private func read(_ id: TransferID, offset: Int64, count: Int, key: Key) {
        guard let path = sources[id] else { return }
        let loop = mesh.eventLoop
        readQueue.async {
            let bytes: Data? = {
                guard let file = FileHandle(forReadingAtPath: path) else { return nil }
                defer { try? file.close() }
                guard (try? file.seek(toOffset: UInt64(offset))) != nil else { return nil }
                return try? file.read(upToCount: count)
            }()
            loop.execute { self.deliver(id, offset: offset, count: count, bytes: bytes, key: key) }
        }
    }

    private func deliver(_ id: TransferID, offset: Int64, count: Int, bytes: Data?, key: Key) {
        guard var sender = senders[key], sender.phase == .sending else { return }
        guard let bytes, bytes.count == count else {
            let effects = sender.onRefused("cannot read \(count) bytes at \(offset) of \(sources[id] ?? "the source")")
            senders[key] = sender
            perform(effects, key)
            return
        }
        let header = ArtifactMessage.chunk(id, offset: offset, count: count)
        guard let frame = try? HeaderedPayload.frame(.artifact, header: header, body: bytes), mesh.send(frame, to: key.target) else {
            let effects = sender.onSendFailed(now: now)
            senders[key] = sender
            perform(effects, key)
            return
        }
    }
}

extension ArtifactSender {
    /// Whether a new `send` may start this transfer over (only a failed one is).
    var hasFailed: Bool {
        if case .failed = phase { return true }
        return false
    }
}
