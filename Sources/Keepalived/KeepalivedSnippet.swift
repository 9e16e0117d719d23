/// The keepalived.conf pieces an operator pastes to connect one VIP group to nodeagent.
public struct KeepalivedSnippet: Hashable, Sendable {
    /// `global_defs { vrrp_notify_fifo PATH }` — once per node, shared by every group.
    public let globalDefs: String
    /// The top-level `track_file NAME { ... }` definition, written over several lines.
    public let trackFileDefinition: String
    /// The `track_file { NAME }` block to put inside the group's `vrrp_instance`.
    public let instanceReference: String
    /// The top-level `vrrp_script` that faults the instance once the agent's lease deadline has passed
    /// without the agent pushing it on (a frozen or hung agent; see `LeaseDeadlineFile`).
    public let leaseScriptDefinition: String
    /// The `track_script { NAME }` block to put inside the group's `vrrp_instance`.
    public let leaseScriptReference: String
    /// Everything, with comments saying where each piece goes: the output of
    /// `nodeagent keepalived snippet GROUP`.
    public let text: String
}
