/// The versioned facts a member publishes about itself (role, VIP groups, agent version, check summaries…).
///
/// Metadata rides on the member's `alive` updates. For the same incarnation the higher `version` wins, so
/// a node must bump the version whenever it changes a value; `SWIMNode.updateMetadata` does that for it.
public struct MemberMetadata: Sendable, Equatable, Codable {
    public var version: UInt64
    public var values: [String: MetadataValue]

    public init(version: UInt64 = 0, values: [String: MetadataValue] = [:]) {
        self.version = version
        self.values = values
    }

    /// A close estimate of the JSON-encoded size.
    var estimatedSize: Int {
        values.reduce(34) { $0 + $1.key.utf8.count + 4 + $1.value.estimatedSize }
    }
}
