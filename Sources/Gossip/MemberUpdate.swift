/// One piece of membership news, the unit of gossip and of push-pull state: "member M is S at incarnation I".
///
/// Precedence follows SWIM: a higher incarnation always wins; at the same incarnation
/// `left`/`dead` > `suspect` > `alive`, and between two `alive` the higher metadata version wins.
public struct MemberUpdate: Sendable, Equatable, Codable {
    public var member: MemberID
    public var status: MemberStatus
    public var incarnation: UInt64
    /// Carried on `alive` updates only, so metadata changes ride on the same channel as liveness.
    public var metadata: MemberMetadata?
    /// Who suspected the member (on `suspect` updates): Lifeguard counts distinct suspectors as confirmations.
    public var suspector: String?

    public init(member: MemberID, status: MemberStatus, incarnation: UInt64,
                metadata: MemberMetadata? = nil, suspector: String? = nil) {
        self.member = member
        self.status = status
        self.incarnation = incarnation
        self.metadata = metadata
        self.suspector = suspector
    }

    /// A close estimate of the JSON-encoded size.
    var estimatedSize: Int {
        70 + member.name.utf8.count + member.address.utf8.count + 20
            + (metadata?.estimatedSize ?? 0) + (suspector.map { 14 + $0.utf8.count } ?? 0)
    }
}
