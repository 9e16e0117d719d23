/// How an origin paces one transfer. The window bounds what is queued on the target's connection, so
/// a heartbeat never waits behind more than `chunkBytes × window` bytes of file.
public struct ArtifactSenderSettings: Hashable, Sendable {
    public var chunkBytes: Int
    public var window: Int
    /// No acknowledged progress for this long: the connection is presumed broken and the origin
    /// offers again, resuming where the target's file ends.
    public var stallTimeout: Duration
    /// Offers in a row without progress before the transfer fails.
    public var maxOffers: Int

    public init(chunkBytes: Int = 256 * 1024, window: Int = 8, stallTimeout: Duration = .seconds(5), maxOffers: Int = 8) {
        self.chunkBytes = chunkBytes
        self.window = window
        self.stallTimeout = stallTimeout
        self.maxOffers = maxOffers
    }
}
