/// What the origin's driver must do for a transfer.
public enum ArtifactSenderEffect: Hashable, Sendable {
    case offer(TransferID, ArtifactManifest)
    /// Read `count` bytes at `offset` of the file and send them as a chunk.
    case send(TransferID, offset: Int64, count: Int)
    case stored(TransferID)
    case failed(TransferID, reason: String)
}
