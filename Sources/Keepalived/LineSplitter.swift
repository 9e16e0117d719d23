/// Cuts a byte stream into lines, with a cap: a writer that never sends a newline cannot make the reader
/// buffer without bound. An over-long line is reported once as its length and then skipped to its end.
public struct LineSplitter: Sendable {
    /// What one chunk of input produced, in order.
    public enum Piece: Hashable, Sendable {
        case line([UInt8])
        /// A line longer than the cap was dropped; `length` counts its bytes (at least the cap + 1).
        case overlong(length: Int)
    }

    public let maxLineLength: Int
    private var pending: [UInt8] = []
    private var skipped: Int?

    public init(maxLineLength: Int) {
        self.maxLineLength = max(1, maxLineLength)
    }

    /// Feeds bytes; returns the complete lines (without their `\n`) and overlong reports.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let length = skipped {
                    pieces.append(.overlong(length: length))
                    skipped = nil
                } else {
                    pieces.append(.line(pending))
                }
                pending.removeAll(keepingCapacity: true)
            } else if let length = skipped {
                skipped = length + 1
            } else if pending.count == maxLineLength {
                skipped = pending.count + 1
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
            }
        }
        return pieces
    }
}
