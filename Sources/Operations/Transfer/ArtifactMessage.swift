/// The artifact protocol between the node that holds a file (the origin) and a target, carried in
/// `artifact` frames. A chunk's bytes travel after the message, not inside it.
///
/// The origin offers; the target says how much it already has (a whole file, a partial one from a
/// broken transfer, or nothing); the origin streams from there with a bounded window of chunks, each
/// acknowledged once written; the target checks the hash and says stored, or refuses with a reason.
public enum ArtifactMessage: Hashable, Codable, Sendable {
    case offer(TransferID, ArtifactManifest)
    case have(TransferID, bytes: Int64)
    /// `count` bytes at `offset` follow the message in the frame.
    case chunk(TransferID, offset: Int64, count: Int)
    case ack(TransferID, received: Int64)
    case stored(TransferID)
    case refused(TransferID, reason: String)

    public var transfer: TransferID {
        switch self {
        case let .offer(id, _), let .have(id, _), let .chunk(id, _, _), let .ack(id, _), let .stored(id), let .refused(id, _): id
        }
    }
}
