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

    /// What one origin sends per second, all targets together: half a gigabit link, so that VRRP
    /// adverts, heartbeats and Raft keep their share of the wire and of the agent's CPU (a 1 GiB
    /// image to two nodes takes 32 s).
    public var bytesPerSecond: Int64

    public init(chunkBytes: Int = 256 * 1024, window: Int = 8, stallTimeout: Duration = .seconds(5), maxOffers: Int = 8,
                bytesPerSecond: Int64 = 64 << 20) {
        self.bytesPerSecond = bytesPerSecond
        self.chunkBytes = chunkBytes
        self.window = window
        self.stallTimeout = stallTimeout
        self.maxOffers = maxOffers
    }
}
