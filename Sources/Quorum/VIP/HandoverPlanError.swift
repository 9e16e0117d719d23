/// A handover that cannot be planned.
public enum HandoverPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    case sameNode(NodeID)
    case nonPositiveTimeout(Int64)

    public var description: String {
        switch self {
        case let .sameNode(node): "cannot hand a group over from \(node) to itself"
        case let .nonPositiveTimeout(nanos): "the step timeout must be positive, got \(nanos) ns"
        }
    }
}
