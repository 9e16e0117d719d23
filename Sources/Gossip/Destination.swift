/// Where an effect's message goes. A seed is only an address (its node name is learnt from the answer),
/// which is what lets a node find the fleet again after a restart or a partition.
public enum Destination: Hashable, Sendable, CustomStringConvertible {
    case member(MemberID)
    case seed(address: String)

    /// The `host:port` the driver should connect to.
    public var address: String {
        switch self {
        case .member(let id): return id.address
        case .seed(let address): return address
        }
    }

    public var description: String {
        switch self {
        case .member(let id): return id.description
        case .seed(let address): return "seed \(address)"
        }
    }
}
