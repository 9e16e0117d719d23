/// `[storage]`: where the agent keeps its persistent state (Raft term, vote, log, snapshots).
public struct StorageConfig: Sendable, Equatable {
    /// Absolute data directory.
    public var dataDirectory: String

    public static let defaultDataDirectory = "/var/lib/nodeagent"

    public init(dataDirectory: String = StorageConfig.defaultDataDirectory) {
        self.dataDirectory = dataDirectory
    }

    static let keys = ["data_dir"]

    static func read(_ reader: TableReader, base: String) throws(ConfigError) -> StorageConfig {
        try reader.rejectUnknownKeys(known: keys)
        let directory = try ConfigPath.read(reader, "data_dir", base: base)
            ?? ConfigPath.resolve(defaultDataDirectory, against: base)
        return StorageConfig(dataDirectory: directory)
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["storage"])
        writer.string("data_dir", dataDirectory)
    }
}
