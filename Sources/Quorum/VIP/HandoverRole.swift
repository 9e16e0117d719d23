/// A node's part in a planned handover, as `HandoverTracker` derives it from the grant and what the members report.
public enum HandoverRole: String, Hashable, Codable, Sendable {
    /// The node taking over: raise it to `successor` while it is a standby.
    case successor
    /// The owner giving the group up: fault it at once until the successor reports MASTER.
    case outgoing
}
