/// Network: ephemeral ports in use against net.ipv4.ip_local_port_range. A connect() needs a free
/// local port for its destination; when the range runs out, new outgoing connections fail with
/// EADDRNOTAVAIL while everything else looks healthy.
public enum EphemeralPortCheck {
    public static let name = "ephemeral-ports"

    public static func evaluate(range text: String, tcp: [String]) -> Finding {
        let bounds = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= 65535 else {
            return .unknown(name, "cannot read ip_local_port_range: \"\(text.prefix(40))\"")
        }
        guard let table = TCPSocketTable.parse(tcp) else { return .unknown(name, "cannot read /proc/net/tcp") }
        let range = bounds[0]...bounds[1]
        let size = range.count
        let inRange = table.sockets.filter { range.contains($0.localPort) && $0.state != .listen }
        let distinct = Set(inRange.map(\.localPort)).count
        var perDestination: [String: Set<Int>] = [:]
        for socket in inRange { perDestination[socket.remoteEndpoint, default: []].insert(socket.localPort) }
        let busiest = perDestination.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }
        let used = max(distinct, busiest?.value.count ?? 0)
        let fraction = Double(used) / Double(size)
        var evidence = "\(distinct) of \(size) ports (\(bounds[0])–\(bounds[1])) in use"
        if let busiest { evidence += ", \(busiest.value.count) to \(busiest.key)" }
        evidence += table.skippedNote
        let remedy = "See who holds them: `ss -tan state time-wait | awk '{print $4}' | sort | uniq -c | sort -n | tail` and `ss -tanp | head`. Make the client reuse connections (keep-alive, a pool); widen the range if needed (`sysctl -w net.ipv4.ip_local_port_range=\"15000 64000\"`, kept in /etc/sysctl.d)."
        let status: DiagnosticStatus = fraction >= DiagnosticThresholds.ephemeralPortsCritical ? .critical
            : fraction >= DiagnosticThresholds.ephemeralPortsWarning ? .warning : .ok
        return Finding(check: name, status: status, evidence: evidence, remedy: status == .ok ? "" : remedy)
    }
}
