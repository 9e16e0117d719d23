/// Where one artifact's transfer to one target stands: what `artifact-status` answers and what
/// `op run` prints while it waits for every target to hold every file.
public struct ArtifactProgress: Codable, Sendable {
    public var operation: String
    public var artifact: String
    public var node: String
    /// Bytes the target has acknowledged as written.
    public var bytes: Int64
    public var size: Int64
    /// `offering`, `sending`, `verifying`, `stored` or `failed`.
    public var state: String
    public var reason: String?
}
