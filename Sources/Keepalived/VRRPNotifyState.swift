/// A state word keepalived writes on its notify FIFO (keepalived.conf(5), `notify`).
public enum VRRPNotifyState: String, Hashable, Sendable, CaseIterable {
    case master = "MASTER"
    case backup = "BACKUP"
    case fault = "FAULT"
    /// The instance stopped (keepalived shutting down).
    case stop = "STOP"
    /// The instance was removed by a reload (with `notify_deleted`).
    case deleted = "DELETED"
    /// A master received a lower-priority advert: another node believes it is master.
    case masterReceivedLowerPriority = "MASTER_RX_LOWER_PRI"
    /// Priority changed while master / backup (with `notify_priority_changes`).
    case masterPriority = "MASTER_PRIORITY"
    case backupPriority = "BACKUP_PRIORITY"

    /// Whether the node holds the VIP in this state. `masterReceivedLowerPriority` and `masterPriority` are
    /// reports from a node that is still MASTER.
    public var holdsVIP: Bool {
        switch self {
        case .master, .masterReceivedLowerPriority, .masterPriority: true
        case .backup, .fault, .stop, .deleted, .backupPriority: false
        }
    }
}
