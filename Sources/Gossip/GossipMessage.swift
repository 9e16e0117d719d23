/// Everything one gossip core says to another. The driver encodes it as JSON inside a versioned frame;
/// synthesized Codable ignores unknown keys, so newer agents may add fields without breaking older ones.
/// Every kind but `nack` piggybacks a bounded list of updates.
public enum GossipMessage: Sendable, Equatable, Codable {
    /// "Are you `target`?" — a direct probe; answered by `ack` with the same `seq`.
    case ping(seq: UInt64, target: String, updates: [MemberUpdate])
    /// The answer to a `ping`, or an indirect probe's answer relayed back to the prober.
    case ack(seq: UInt64, updates: [MemberUpdate])
    /// "Please probe `target` for me": SWIM's indirect probe, so one bad link cannot cause a suspicion.
    case pingReq(seq: UInt64, target: MemberID, updates: [MemberUpdate])
    /// Lifeguard: the helper could not reach the target either. A prober that gets no nacks back is
    /// likely the unhealthy one, and slows down.
    case nack(seq: UInt64)
    /// Piggyback-only message, sent every gossip interval to a few members.
    case gossip(updates: [MemberUpdate])
    /// Anti-entropy and joining: the sender's full state; answered with the receiver's when `isReply` is false.
    case pushPull(from: MemberID, state: [MemberUpdate], isReply: Bool)

    /// A close estimate of the JSON-encoded size, for load accounting without encoding.
    public var estimatedSize: Int {
        switch self {
        case .ping(_, let target, let updates):
            return 50 + target.utf8.count + Self.size(updates)
        case .ack(_, let updates):
            return 40 + Self.size(updates)
        case .pingReq(_, let target, let updates):
            return 80 + target.name.utf8.count + target.address.utf8.count + Self.size(updates)
        case .nack:
            return 30
        case .gossip(let updates):
            return 30 + Self.size(updates)
        case .pushPull(let from, let state, _):
            return 80 + from.name.utf8.count + from.address.utf8.count + Self.size(state)
        }
    }

    private static func size(_ updates: [MemberUpdate]) -> Int {
        updates.reduce(14) { $0 + $1.estimatedSize + 1 }
    }
}
