import Crypto
import Foundation
import Logging
import Operations

/// The target side of artifact transfers: files land in `root/OPERATION/NAME`, written in order to a
/// hidden partial file, hashed as they arrive, checked against the manifest's sha256 and renamed into
/// place whole (with a `.NAME.sha256` beside it, so a repeated offer is answered without re-reading
/// a gigabyte). All file work runs on the inbox's own queue, never on the mesh's event loop, so a
/// slow disk delays acknowledgements, not heartbeats.
final class ArtifactInbox: @unchecked Sendable {
    typealias Reply = @Sendable (ArtifactMessage?) -> Void

    /// Room left on the file system beyond the artifact itself.
    static let spareBytes: Int64 = 64 << 20

    let root: String
    private let logger: Logger
    private let queue = DispatchQueue(label: "nodeagent.artifacts.inbox")
    /// Confined to `queue`.
    private var incoming: [TransferID: Incoming] = [:]

    private struct Incoming {
        var receiver: ArtifactReceiver
        var file: FileHandle
        var hasher: SHA256
        var started: ContinuousClock.Instant
        var from: String
    }

    init(root: String, logger: Logger) {
        self.root = root
        self.logger = logger
    }

    /// The staging directory of `operation` on this node (`{staging}` in its steps).
    func directory(of operation: String) -> String { root + "/" + operation }

    func finalPath(_ id: TransferID, _ destination: String) -> String { directory(of: id.operation) + "/" + destination }

    /// Handles an offer or a chunk on the inbox's queue; `reply` gets the answer, or nil when there
    /// is none to give (a chunk of no transfer in progress, or a duplicate).
    func handle(_ message: ArtifactMessage, body: ArraySlice<UInt8>, from: String, reply: @escaping Reply) {
        queue.async {
            switch message {
            case let .offer(id, manifest): reply(self.offer(id, manifest, from: from))
            case let .chunk(id, offset, count): reply(self.chunk(id, offset: offset, count: count, body: body))
            case .have, .ack, .stored, .refused: reply(nil)
            }
        }
    }

    /// `handle`, awaited: for the admin upload, which answers each piece in its response.
    func answer(_ message: ArtifactMessage, body: ArraySlice<UInt8>, from: String) async -> ArtifactMessage? {
        await withCheckedContinuation { continuation in
            handle(message, body: body, from: from) { continuation.resume(returning: $0) }
        }
    }

    /// Whether the file of `id` is here whole and checked (for the origin's own status).
    func stored(_ id: TransferID, _ manifest: ArtifactManifest) -> Bool {
        queue.sync { self.verifiedCopy(id, manifest) }
    }

    // MARK: On the queue

    private func offer(_ id: TransferID, _ manifest: ArtifactManifest, from: String) -> ArtifactMessage {
        if let refusal = manifest.refusal { return refuse(id, refusal) }
        guard ArtifactManifest.isPlainName(id.operation) else { return refuse(id, "operation name \"\(id.operation)\" cannot be a directory name") }
        if verifiedCopy(id, manifest) { return .stored(id) }
        if let existing = incoming.removeValue(forKey: id) { try? existing.file.close() }
        let directory = directory(of: id.operation)
        let partial = partialPath(id, manifest.destination)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: partial) {
                guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    return refuse(id, "cannot create \(partial)")
                }
            }
            let file = try FileHandle(forUpdating: URL(fileURLWithPath: partial))
            var have = Int64(try file.seekToEnd())
            if have > manifest.size {
                try file.truncate(atOffset: 0)
                have = 0
            }
            if let shortage = shortage(directory, needed: manifest.size - have) {
                try? file.close()
                return refuse(id, shortage)
            }
            let hasher = try Self.hash(file, upTo: have)
            incoming[id] = Incoming(receiver: ArtifactReceiver(manifest: manifest, have: have), file: file, hasher: hasher,
                                    started: .now, from: from)
            if have == manifest.size { return finish(id) }
            if have > 0 {
                logger.info("artifact \(id) resumes at byte \(have) of \(manifest.size)",
                            metadata: ["event": "artifact_resumed", "op": "\(id.operation)", "artifact": "\(id.artifact)",
                                       "from": "\(from)", "bytes": "\(have)"])
            }
            return .have(id, bytes: have)
        } catch {
            return refuse(id, "cannot write \(partial): \(error.localizedDescription)")
        }
    }

    private func chunk(_ id: TransferID, offset: Int64, count: Int, body: ArraySlice<UInt8>) -> ArtifactMessage? {
        guard var entry = incoming[id] else { return nil }  // not offered (or this agent restarted): the origin re-offers
        switch entry.receiver.verdict(offset: offset, count: count, bytes: body.count) {
        case .resync: return nil  // a duplicate after a re-offer; the origin resumes from the ack it gets
        case let .refuse(reason):
            drop(id)
            return refuse(id, reason)
        case .write:
            do {
                try body.withUnsafeBytes { try entry.file.write(contentsOf: $0) }
            } catch {
                drop(id)
                return refuse(id, "cannot write \(partialPath(id, entry.receiver.manifest.destination)): \(error.localizedDescription)")
            }
            entry.hasher.update(data: body)
            entry.receiver.wrote(count)
            incoming[id] = entry
            return entry.receiver.isComplete ? finish(id) : .ack(id, received: entry.receiver.received)
        }
    }

    /// All bytes written: sync, compare the hash, rename into place, keep the hash beside it.
    private func finish(_ id: TransferID) -> ArtifactMessage {
        guard let entry = incoming.removeValue(forKey: id) else { return refuse(id, "no transfer in progress") }
        let manifest = entry.receiver.manifest
        let partial = partialPath(id, manifest.destination)
        do {
            try entry.file.synchronize()
            try entry.file.close()
        } catch {
            return refuse(id, "cannot sync \(partial): \(error.localizedDescription)")
        }
        let digest = Self.hex(entry.hasher.finalize())
        guard digest == manifest.sha256 else {
            try? FileManager.default.removeItem(atPath: partial)
            return refuse(id, "sha256 mismatch: the bytes hash to \(digest), the manifest says \(manifest.sha256); the partial file was removed")
        }
        let final = finalPath(id, manifest.destination)
        guard rename(partial, final) == 0 else { return refuse(id, "cannot rename into \(final): \(String(cString: strerror(errno)))") }
        try? Data((digest + "\n").utf8).write(to: URL(fileURLWithPath: hashPath(id, manifest.destination)), options: .atomic)
        Self.syncDirectory(directory(of: id.operation))
        let elapsed = ContinuousClock.now - entry.started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.info("artifact \(id) stored: \(manifest.size) bytes, sha256 \(digest.prefix(12))…",
                    metadata: ["event": "artifact_stored", "op": "\(id.operation)", "artifact": "\(id.artifact)", "from": "\(entry.from)",
                               "bytes": "\(manifest.size)", "sha256": "\(digest)", "seconds": "\(String(format: "%.2f", seconds))"])
        return .stored(id)
    }

    private func verifiedCopy(_ id: TransferID, _ manifest: ArtifactManifest) -> Bool {
        let final = finalPath(id, manifest.destination)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: final),
              (attributes[.size] as? NSNumber)?.int64Value == manifest.size,
              let recorded = try? String(contentsOfFile: hashPath(id, manifest.destination), encoding: .utf8) else { return false }
        return recorded.trimmingCharacters(in: .whitespacesAndNewlines) == manifest.sha256
    }

    private func refuse(_ id: TransferID, _ reason: String) -> ArtifactMessage {
        logger.warning("artifact \(id) refused: \(reason)", metadata: ["event": "artifact_refused", "op": "\(id.operation)",
                                                                       "artifact": "\(id.artifact)", "reason": "\(reason)"])
        return .refused(id, reason: reason)
    }

    private func drop(_ id: TransferID) {
        if let entry = incoming.removeValue(forKey: id) { try? entry.file.close() }
    }

    private func shortage(_ directory: String, needed: Int64) -> String? {
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return nil }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        guard free < needed + Self.spareBytes else { return nil }
        return "\(needed) more bytes do not fit in \(directory): \(free) bytes free, \(Self.spareBytes >> 20) MiB kept spare"
    }

    private func partialPath(_ id: TransferID, _ destination: String) -> String { directory(of: id.operation) + "/." + destination + ".part" }
    private func hashPath(_ id: TransferID, _ destination: String) -> String { directory(of: id.operation) + "/." + destination + ".sha256" }

    /// The hash state of the first `bytes` of `file`, read in 1 MiB pieces; leaves the file at its end.
    static func hash(_ file: FileHandle, upTo bytes: Int64) throws -> SHA256 {
        var hasher = SHA256()
        try file.seek(toOffset: 0)
        var left = bytes
        while left > 0, let data = try file.read(upToCount: Int(min(left, 1 << 20))), !data.isEmpty {
            hasher.update(data: data)
            left -= Int64(data.count)
        }
        try file.seek(toOffset: UInt64(bytes))
        return hasher
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
