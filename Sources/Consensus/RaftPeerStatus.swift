/// What the coordinator knows about one other member, for the CLI's status view.
public struct RaftPeerStatus: Hashable, Codable, Sendable {
    public var id: NodeID
    public var isVoter: Bool
    public var matchIndex: UInt64
    /// Local time of the last message from this peer, if any since this node became coordinator.
    public var lastContact: Instant?

    public init(id: NodeID, isVoter: Bool, matchIndex: UInt64, lastContact: Instant?) {
        self.id = id
        self.isVoter = isVoter
        self.matchIndex = matchIndex
        self.lastContact = lastContact
    }
}
