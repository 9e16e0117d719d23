import Foundation

/// The on-disk shape of a node's history: one JSON record per line. Reading skips what it cannot
/// decode (a line torn by a crash mid-write, a record of a newer version's shape) instead of losing
/// the whole history to one bad line.
public enum EventLines {
    /// The records of `data`, oldest first, and how many non-empty lines it held.
    public static func decode(_ data: Data) -> (records: [EventRecord], lines: Int) {
        let decoder = JSONDecoder()
        var records: [EventRecord] = []
        var lines = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            lines += 1
            if let record = try? decoder.decode(EventRecord.self, from: Data(line)) { records.append(record) }
        }
        return (records, lines)
    }

    /// One record as a line, newline included.
    public static func encode(_ record: EventRecord) throws -> Data {
        var line = try JSONEncoder().encode(record)
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
