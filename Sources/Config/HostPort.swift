/// A `host:port` endpoint: an IPv4 literal, a bracketed IPv6 literal or a DNS hostname, and a port.
///
/// Peers dial these, so the form is checked when the config is read instead of when the first
/// connection fails at 3 a.m. Hosts are stored canonically (IPv6 compressed and lowercase, hostnames
/// lowercase) so that duplicate seeds written differently are still recognised as duplicates.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    /// The host without brackets: `10.0.0.5`, `fd00::5` or `app1.example.net`.
    public let host: String
    /// The TCP port, 1...65535.
    public let port: Int

    /// Builds an endpoint from parts already known to be valid; use `parse` for untrusted text.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The host as an IP address, or nil when it is a hostname.
    public var ipAddress: IPAddress? { IPAddress.parse(host) }

    /// True when the host is `0.0.0.0` or `::`: fine to listen on, impossible for a peer to dial.
    public var isWildcard: Bool { ipAddress?.isUnspecified ?? false }

    /// `host:port`, with brackets around an IPv6 host so the result parses back to the same value.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `host:port`; the error says what is wrong in words an operator can act on.
    public static func parse(_ text: String) throws(HostPortError) -> HostPort {
        guard let split = splitHostAndPort(text) else {
            throw .notHostPort(text)
        }
        guard let port = parsePort(split.port) else {
            throw .badPort(text, port: split.port)
        }
        if split.bracketed {
            guard let address = IPAddress.parse(split.host), case .v6 = address else {
                throw .badIPv6(text)
            }
            return HostPort(host: address.description, port: port)
        }
        guard let host = canonicalHost(split.host) else {
            throw .badHost(text, host: split.host)
        }
        return HostPort(host: host, port: port)
    }

    private static func splitHostAndPort(_ text: String) -> (host: String, port: String, bracketed: Bool)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            return (host, String(rest.dropFirst()), true)
        }
        let colons = text.filter { $0 == ":" }.count
        guard colons == 1, let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]), false)
    }

    private static func parsePort(_ text: String) -> Int? {
        guard (1...5).contains(text.count), text.allSatisfy(\.isASCIIDigit),
              let value = Int(text), (1...65535).contains(value) else { return nil }
        return value
    }

    /// An IPv4 literal or an RFC 1123 hostname, lowercased; nil when it is neither.
    private static func canonicalHost(_ host: String) -> String? {
        if let address = IPAddress.parse(host), case .v4 = address {
            return address.description
        }
        let lower = host.lowercased()
        guard isHostname(lower) else { return nil }
        return lower
    }

    static func isHostname(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        // A name made only of digits and dots is a mistyped IPv4 address, not a hostname.
        if let last = labels.last, last.allSatisfy(\.isASCIIDigit) { return false }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else {
                return false
            }
            return label.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "0"..."9", "-": true
                default: false
                }
            }
        }
    }
}

/// Why a `host:port` string was refused; the description is the part after `key:` in a config error.
public enum HostPortError: Error, Equatable, Sendable, CustomStringConvertible {
    case notHostPort(String)
    case badPort(String, port: String)
    case badIPv6(String)
    case badHost(String, host: String)

    public var description: String {
        switch self {
        case .notHostPort(let text):
            let hint = text.filter({ $0 == ":" }).count > 1
                ? " (an IPv6 address needs brackets, e.g. \"[fd00::5]:7946\")"
                : " — expected e.g. \"10.0.0.5:7946\""
            return "\(Quote.value(text)) is not host:port\(hint)"
        case .badPort(let text, let port):
            return "\(Quote.value(text)) has port \(Quote.value(port)); a port is a number from 1 to 65535"
        case .badIPv6(let text):
            return "\(Quote.value(text)) has no valid IPv6 address between the brackets"
        case .badHost(let text, let host):
            return "\(Quote.value(text)) has host \(Quote.value(host)), which is neither an IPv4 address "
                + "nor a valid hostname (letters, digits, '-', '.')"
        }
    }
}
