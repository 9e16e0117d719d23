/// The sockets of /proc/net/tcp and /proc/net/tcp6 together, as the TCP checks read them.
public struct TCPSocketTable: Sendable, Equatable {
    public var sockets: [TCPSocket]
    /// Lines that did not parse (kept out of the counts, and said in the evidence when not zero).
    public var unreadableLines: Int

    public init(sockets: [TCPSocket], unreadableLines: Int = 0) {
        self.sockets = sockets
        self.unreadableLines = unreadableLines
    }

    /// Parses the text of each file; an empty table (just the header) is valid. Returns nil when a
    /// text lacks the header or none of its lines parse: the source is not what the checks expect.
    public static func parse(_ texts: [String]) -> TCPSocketTable? {
        var table = TCPSocketTable(sockets: [])
        for text in texts {
            var lines = text.split(whereSeparator: \.isNewline)
            guard let header = lines.first, header.contains("local_address"), header.contains("st") else { return nil }
            lines.removeFirst()
            var parsed = 0
            for line in lines {
                if let socket = TCPSocket.parse(line: line) {
                    table.sockets.append(socket)
                    parsed += 1
                } else {
                    table.unreadableLines += 1
                }
            }
            if parsed == 0 && !lines.isEmpty { return nil }
        }
        return table
    }

    public func count(_ state: TCPSocket.State) -> Int {
        sockets.reduce(0) { $0 + ($1.state == state ? 1 : 0) }
    }

    /// Ports something listens on (any address).
    public var listeningPorts: Set<Int> {
        Set(sockets.filter { $0.state == .listen }.map(\.localPort))
    }

    /// The most frequent value of `key` among sockets in `state`, with its count.
    func busiest(_ state: TCPSocket.State, by key: (TCPSocket) -> String) -> (String, Int)? {
        var counts: [String: Int] = [:]
        for socket in sockets where socket.state == state { counts[key(socket), default: 0] += 1 }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }

    /// " (N unreadable lines skipped)" for evidence, or nothing.
    var skippedNote: String { unreadableLines == 0 ? "" : " (\(unreadableLines) unreadable lines skipped)" }
}
