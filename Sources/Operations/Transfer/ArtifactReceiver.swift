/// The target's side of one transfer, as a pure value: which chunk may be written next. Bytes are
/// written strictly in order, so the partial file is always a prefix of the real one and a broken
/// transfer resumes from its size.
public struct ArtifactReceiver: Sendable {
    public enum Verdict: Hashable, Sendable {
        /// Write the chunk at the end of the partial file.
        case write
        /// Not the next chunk (a duplicate or one after a gap): drop it and tell the origin where to resume.
        case resync(Int64)
        case refuse(String)
    }

    public let manifest: ArtifactManifest
    public private(set) var received: Int64

    public init(manifest: ArtifactManifest, have: Int64) {
        self.manifest = manifest
        received = min(max(0, have), manifest.size)
    }

    public var isComplete: Bool { received == manifest.size }

    public func verdict(offset: Int64, count: Int, bytes: Int) -> Verdict {
        guard count == bytes, count > 0 else { return .refuse("chunk at \(offset) announces \(count) bytes, carries \(bytes)") }
        guard offset == received else { return .resync(received) }
        guard offset + Int64(count) <= manifest.size else { return .refuse("chunk at \(offset) runs past the size \(manifest.size)") }
        return .write
    }

    /// The chunk the last `verdict` allowed is on disk.
    public mutating func wrote(_ count: Int) {
        received += Int64(count)
    }
}
