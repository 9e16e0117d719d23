/// /proc/meminfo as numbers: "MemAvailable:   123456 kB" → ["MemAvailable": 123456] (kibibytes).
public struct MemInfo: Sendable, Equatable {
    public var kibibytes: [String: Int]

    /// Nil when no line has the "Key: N kB" shape: the text is not /proc/meminfo.
    public init?(_ text: String) {
        var values: [String: Int] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let number = parts[1].split(separator: " ").first.flatMap({ Int($0) }), number >= 0 else { continue }
            values[String(parts[0])] = number
        }
        guard !values.isEmpty else { return nil }
        kibibytes = values
    }

    public subscript(key: String) -> Int? { kibibytes[key] }
}
