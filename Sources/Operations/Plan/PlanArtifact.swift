/// A file the operator sends to every target's staging directory before the first batch: an image, a
/// config bundle, a site. Checked by sha256 on arrival and renamed into place whole.
public struct PlanArtifact: Hashable, Codable, Sendable {
    public var name: String
    /// Path on the operator's machine, relative to the plan file's directory unless absolute.
    public var source: String
    /// File name inside the node's staging directory for this operation (`{staging}` in steps).
    public var destination: String
    /// Refused above this size, so a wrong path cannot fill the targets' disks.
    public var maxBytes: Int64

    public init(name: String, source: String, destination: String, maxBytes: Int64) {
        self.name = name
        self.source = source
        self.destination = destination
        self.maxBytes = maxBytes
    }
}
