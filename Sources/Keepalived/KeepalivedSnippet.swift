/// The keepalived.conf pieces an operator pastes to connect one VIP group to nodeagent.
public struct KeepalivedSnippet: Hashable, Sendable {
    /// `global_defs { vrrp_notify_fifo PATH }` — once per node, shared by every group.
    public let globalDefs: String
    /// The top-level `track_file NAME { ... }` definition, written over several lines.
    public let trackFileDefinition: String
    /// The `track_file { NAME }` block to put inside the group's `vrrp_instance`.
    public let instanceReference: String
    /// Everything, with comments saying where each piece goes: the output of
    /// `nodeagent keepalived snippet GROUP`.
    public let text: String
}
