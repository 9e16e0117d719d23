/// A change to a VIP group the conductor makes through the quorum, around a node's work.
public enum VIPMove: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Planned handover: the group goes from `from` to `to`, and the conductor waits until `to` serves.
    case handOver(group: String, from: String, to: String)
    /// Keep the group on `node` while another member is worked on.
    case pin(group: String, node: String)
    case unpin(group: String)

    public var group: String {
        switch self {
        case let .handOver(group, _, _), let .pin(group, _), let .unpin(group): group
        }
    }

    public var description: String {
        switch self {
        case let .handOver(group, from, to): "hand \(group) over \(from) → \(to)"
        case let .pin(group, node): "pin \(group) → \(node)"
        case let .unpin(group): "unpin \(group)"
        }
    }
}
