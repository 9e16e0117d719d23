/// One line of /proc/net/tcp or /proc/net/tcp6: the two endpoints, the state and the socket inode.
public struct TCPSocket: Sendable, Equatable {
    /// The kernel's TCP states as /proc prints them (include/net/tcp_states.h).
    public enum State: UInt8, Sendable {
        case established = 0x01, synSent, synReceived, finWait1, finWait2, timeWait, close, closeWait, lastAck, listen, closing
        case newSynReceived = 0x0C
    }

    public var localAddress: String
    public var localPort: Int
    public var remoteAddress: String
    public var remotePort: Int
    /// nil for a state this code does not know (a newer kernel's); such sockets are still counted.
    public var state: State?
    public var inode: UInt64

    public init(localAddress: String, localPort: Int, remoteAddress: String, remotePort: Int, state: State?, inode: UInt64) {
        self.localAddress = localAddress
        self.localPort = localPort
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.state = state
        self.inode = inode
    }

    /// "127.0.0.1:8080", or "[::1]:8080" for IPv6.
    public var remoteEndpoint: String { Self.endpoint(remoteAddress, remotePort) }
    public var localEndpoint: String { Self.endpoint(localAddress, localPort) }

    static func endpoint(_ address: String, _ port: Int) -> String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    /// Parses one data line ("  0: 0100007F:1F90 00000000:0000 0A ... inode ..."); nil if malformed.
    static func parse(line: Substring) -> TCPSocket? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 10, fields[0].hasSuffix(":"),
              let local = endpoint(fields[1]), let remote = endpoint(fields[2]),
              let rawState = UInt8(fields[3], radix: 16), let inode = UInt64(fields[9]) else { return nil }
        return TCPSocket(localAddress: local.0, localPort: local.1, remoteAddress: remote.0, remotePort: remote.1,
                         state: State(rawValue: rawState), inode: inode)
    }

    /// "0100007F:1F90" → ("127.0.0.1", 8080). The kernel prints each 32-bit word of the address as a
    /// number in host byte order; Linux on every platform nodeagent runs on is little-endian.
    private static func endpoint(_ text: Substring) -> (String, Int)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1], radix: 16), (0...65535).contains(port) else { return nil }
        let hex = parts[0]
        guard hex.count == 8 || hex.count == 32, hex.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 8)
            guard let word = UInt32(hex[index..<next], radix: 16) else { return nil }
            bytes += [UInt8(word & 0xff), UInt8((word >> 8) & 0xff), UInt8((word >> 16) & 0xff), UInt8(word >> 24)]
            index = next
        }
        return (bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : ipv6(bytes), port)
    }

    /// Full IPv6 text, or the dotted form for IPv4-mapped addresses (how a dual-stack listener's
    /// IPv4 peers appear in tcp6).
    private static func ipv6(_ bytes: [UInt8]) -> String {
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        var groups: [String] = []
        for i in stride(from: 0, to: 16, by: 2) { groups.append(String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16)) }
        return groups.joined(separator: ":")
    }
}
