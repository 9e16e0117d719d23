/// The VRRP state a node's keepalived last reported on its notify FIFO, gossiped to the coordinator.
///
/// `unknown` covers "never reported" and "reported something we do not model" (STOP, DELETED): the arbiter
/// must decide without trusting it, and duplicate-master detection only acts on explicit MASTER reports.
public enum ObservedVRRPState: String, Hashable, Codable, Sendable, CaseIterable {
    case master
    case backup
    case fault
    case unknown
}
