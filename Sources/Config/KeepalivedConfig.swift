/// `[keepalived]`: where the bridge to keepalived writes track files and reads VRRP transitions.
public struct KeepalivedConfig: Sendable, Equatable {
    /// Directory of the `track_file`s keepalived watches (one per VIP group).
    public var trackDirectory: String
    /// The FIFO named by `vrrp_notify_fifo` in keepalived's `global_defs`.
    public var notifyFifo: String
    /// keepalived's VRRP child pid file (its `-r`/`--vrrp_pid`), watched so that a killed or stopped
    /// keepalived takes its node out of the group at once and its stale VIP off the interface. Nil:
    /// keepalived's default locations.
    public var vrrpPidFile: String?

    public static let defaultTrackDirectory = "/run/nodeagent"
    public static let defaultNotifyFifo = "/run/nodeagent/keepalived.fifo"

    public init(trackDirectory: String = KeepalivedConfig.defaultTrackDirectory,
                notifyFifo: String = KeepalivedConfig.defaultNotifyFifo, vrrpPidFile: String? = nil) {
        self.trackDirectory = trackDirectory
        self.notifyFifo = notifyFifo
        self.vrrpPidFile = vrrpPidFile
    }

    static let keys = ["track_dir", "notify_fifo", "vrrp_pid_file"]

    static func read(_ reader: TableReader, base: String) throws(ConfigError) -> KeepalivedConfig {
        try reader.rejectUnknownKeys(known: keys)
        return KeepalivedConfig(
            trackDirectory: try ConfigPath.read(reader, "track_dir", base: base)
                ?? ConfigPath.resolve(defaultTrackDirectory, against: base),
            notifyFifo: try ConfigPath.read(reader, "notify_fifo", base: base)
                ?? ConfigPath.resolve(defaultNotifyFifo, against: base),
            vrrpPidFile: try ConfigPath.read(reader, "vrrp_pid_file", base: base))
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["keepalived"])
        writer.string("track_dir", trackDirectory)
        writer.string("notify_fifo", notifyFifo)
        if let vrrpPidFile { writer.string("vrrp_pid_file", vrrpPidFile) }
    }
}
