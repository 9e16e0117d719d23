/// One parsed line of keepalived's `vrrp_notify_fifo`, e.g. `INSTANCE "APP" MASTER 102`.
public struct NotifyEvent: Hashable, Sendable, CustomStringConvertible {
    /// Whether the line is about a `vrrp_instance` or a `vrrp_sync_group`.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case instance = "INSTANCE"
        case group = "GROUP"
    }

    public var kind: Kind
    /// The instance or sync group name, as in keepalived.conf.
    public var name: String
    public var state: VRRPNotifyState
    /// The effective priority keepalived reported, when the line carries one.
    public var priority: Int?

    public init(kind: Kind, name: String, state: VRRPNotifyState, priority: Int?) {
        self.kind = kind
        self.name = name
        self.state = state
        self.priority = priority
    }

    /// The line keepalived would write for this event (without the newline).
    public var description: String {
        let head = "\(kind.rawValue) \"\(name)\" \(state.rawValue)"
        return priority.map { "\(head) \($0)" } ?? head
    }
}
