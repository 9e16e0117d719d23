/// The first and the last bytes a step wrote, and how many in between were dropped: a step that
/// prints a gigabyte costs the agent two small buffers, and the operator still sees how it began
/// and how it ended.
public struct OutputWindow: Hashable, Codable, Sendable {
    public private(set) var head: [UInt8] = []
    public private(set) var tail: [UInt8] = []
    public private(set) var dropped = 0
    let limit: Int

    /// Keeps up to `limit` bytes at the start and `limit` at the end.
    public init(limit: Int = 16 * 1024) {
        self.limit = limit
    }

    public mutating func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var rest = bytes[...]
        let room = limit - head.count
        if room > 0 {
            head.append(contentsOf: rest.prefix(room))
            rest = rest.dropFirst(room)
        }
        guard !rest.isEmpty else { return }
        tail.append(contentsOf: rest)
        if tail.count > limit {
            let excess = tail.count - limit
            dropped += excess
            tail.removeFirst(excess)
        }
    }

    public var totalBytes: Int { head.count + dropped + tail.count }

    /// The text as an operator reads it: head, a marker with the dropped count, tail.
    public var text: String {
        let start = String(decoding: head, as: UTF8.self)
        guard !tail.isEmpty else { return start }
        let marker = dropped > 0 ? "\n[… \(dropped) bytes dropped …]\n" : ""
        return start + marker + String(decoding: tail, as: UTF8.self)
    }
}
