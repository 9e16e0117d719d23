/// The first `limit` bytes a child wrote, and a count of the rest, which is read and discarded so
/// the child never blocks on a full pipe.
struct OutputCapture: Sendable {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var dropped = 0

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ data: UnsafeRawBufferPointer) {
        let room = max(0, limit - bytes.count)
        bytes.append(contentsOf: data.prefix(room))
        dropped += max(0, data.count - room)
    }

    func outcome(_ ending: ProcessOutcome.Ending) -> ProcessOutcome {
        ProcessOutcome(ending: ending, output: String(decoding: bytes, as: UTF8.self), droppedBytes: dropped)
    }
}
