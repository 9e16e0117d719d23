/// A gossip setting that cannot work, naming the field so the operator can fix the configuration.
public enum GossipSettingsError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): return "gossip setting '\(field)' is invalid: \(reason)"
        }
    }
}
