import Glibc

/// The first `limit` bytes a child wrote, and a count of the rest, which is read and discarded so
/// the child never blocks on a full pipe.
struct OutputCapture {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var dropped = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Reads everything available now from a non-blocking descriptor. Returns false at end of file.
    @discardableResult
    mutating func drain(_ fd: Int32) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return false }
            if count < 0 { return errno == EAGAIN || errno == EINTR }
            append(chunk[0..<count])
        }
    }

    mutating func append(_ data: ArraySlice<UInt8>) {
        let room = max(0, limit - bytes.count)
        bytes.append(contentsOf: data.prefix(room))
        dropped += max(0, data.count - room)
    }

    func outcome(_ ending: ProcessOutcome.Ending) -> ProcessOutcome {
        ProcessOutcome(ending: ending, output: String(decoding: bytes, as: UTF8.self), droppedBytes: dropped)
    }
}
