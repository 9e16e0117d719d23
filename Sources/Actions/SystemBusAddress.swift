/// Which D-Bus the systemd probes ask. The agent uses the system bus, as `systemctl` does; a test
/// can name a private bus it started (where no systemd answers).
public enum SystemBusAddress: Sendable, Equatable {
    /// `$DBUS_SYSTEM_BUS_ADDRESS`, else `/run/dbus/system_bus_socket`.
    case system
    /// A D-Bus address such as `unix:path=/tmp/test-bus`.
    case address(String)
}
