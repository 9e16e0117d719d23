/// `[keepalived]`: where the bridge to keepalived writes track files and reads VRRP transitions.
public struct KeepalivedConfig: Sendable, Equatable {
    /// Directory of the `track_file`s keepalived watches (one per VIP group).
    public var trackDirectory: String
    /// The FIFO named by `vrrp_notify_fifo` in keepalived's `global_defs`.
    public var notifyFifo: String

    public static let defaultTrackDirectory = "/run/nodeagent"
    public static let defaultNotifyFifo = "/run/nodeagent/keepalived.fifo"

    public init(trackDirectory: String = KeepalivedConfig.defaultTrackDirectory,
                notifyFifo: String = KeepalivedConfig.defaultNotifyFifo) {
        self.trackDirectory = trackDirectory
        self.notifyFifo = notifyFifo
    }

    static let keys = ["track_dir", "notify_fifo"]

    static func read(_ reader: TableReader, base: String) throws(ConfigError) -> KeepalivedConfig {
        try reader.rejectUnknownKeys(known: keys)
        return KeepalivedConfig(
            trackDirectory: try ConfigPath.read(reader, "track_dir", base: base)
                ?? ConfigPath.resolve(defaultTrackDirectory, against: base),
            notifyFifo: try ConfigPath.read(reader, "notify_fifo", base: base)
                ?? ConfigPath.resolve(defaultNotifyFifo, against: base))
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["keepalived"])
        writer.string("track_dir", trackDirectory)
        writer.string("notify_fifo", notifyFifo)
    }
}
