import NIOCore

/// An address this node keeps a connection to, and its reconnect state.
struct DialTarget {
    let address: String
    let host: String
    let port: Int
    /// The node expected at the address, once known (from gossip or a hello).
    var name: String?
    var backoff: Backoff
    var connecting = false
    var nextAttempt = NIODeadline.now()

    init?(address: String, name: String?, backoff: Backoff) {
        guard let (host, port) = DialTarget.split(address) else { return nil }
        self.address = address
        self.host = host
        self.port = port
        self.name = name
        self.backoff = backoff
    }

    /// Splits `host:port` or `[v6]:port`.
    static func split(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (1...65535).contains(port) else { return nil }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}
