/// One process's open descriptors, as the shell counted them in /proc/PID/fd, with its own limit
/// (the soft "Max open files" of /proc/PID/limits; nil when unlimited or unreadable).
public struct DescriptorHolder: Sendable, Equatable {
    public var pid: Int32
    public var name: String
    public var count: Int
    public var limit: Int?

    public init(pid: Int32, name: String, count: Int, limit: Int?) {
        self.pid = pid
        self.name = name
        self.count = count
        self.limit = limit
    }

    /// Reads the soft limit from the text of /proc/PID/limits ("Max open files  1024  4096  files").
    public static func softLimit(limits text: String) -> Int? {
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("Max open files") }) else { return nil }
        let fields = line.dropFirst("Max open files".count).split(separator: " ", omittingEmptySubsequences: true)
        return fields.first.flatMap { Int($0) }
    }
}
