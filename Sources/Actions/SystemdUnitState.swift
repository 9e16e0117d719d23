/// A unit as systemd's manager reports it, e.g. ActiveState "active", LoadState "loaded".
struct SystemdUnitState: Sendable, Equatable {
    var activeState: String
    var loadState: String

    /// What `systemctl is-active` counts as active: running, or running while it reloads.
    var isActive: Bool { ["active", "reloading", "refreshing"].contains(activeState) }
}
