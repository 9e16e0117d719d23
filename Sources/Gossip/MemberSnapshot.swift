/// One line of the membership table as the CLI and admin API show it.
public struct MemberSnapshot: Sendable, Equatable, Codable {
    public var id: MemberID
    public var status: MemberStatus
    public var incarnation: UInt64
    public var metadata: MemberMetadata
    /// When this node last received any message from the member (time since the core's origin), if ever.
    public var lastHeard: Duration?
    /// The last directly measured probe round-trip time, if any.
    public var roundTripTime: Duration?
    /// Whether this line describes the node itself.
    public var isSelf: Bool

    public init(id: MemberID, status: MemberStatus, incarnation: UInt64, metadata: MemberMetadata,
                lastHeard: Duration?, roundTripTime: Duration?, isSelf: Bool) {
        self.id = id
        self.status = status
        self.incarnation = incarnation
        self.metadata = metadata
        self.lastHeard = lastHeard
        self.roundTripTime = roundTripTime
        self.isSelf = isSelf
    }
}
