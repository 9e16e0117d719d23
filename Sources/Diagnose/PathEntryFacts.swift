/// What the shell found on disk for one PATH entry.
public struct PathEntryFacts: Sendable, Equatable {
    public var isDirectory: Bool
    /// Writable by every user (mode o+w) and not sticky: anyone can plant a program there.
    public var worldWritable: Bool

    public init(isDirectory: Bool, worldWritable: Bool) {
        self.isDirectory = isDirectory
        self.worldWritable = worldWritable
    }
}
