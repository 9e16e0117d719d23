/// Network: sockets in TIME_WAIT. Each pins its 4-tuple for 60 s after an active close, so a storm
/// of short connections to one destination exhausts the ports for it.
public enum TimeWaitCheck {
    public static let name = "time-wait"

    /// The thresholds are parameters so that a test can induce a real storm of a bounded size and
    /// still see the status change; the agent uses the defaults.
    public static func evaluate(tcp: [String], warningAt: Int = DiagnosticThresholds.timeWaitWarning,
                                criticalAt: Int = DiagnosticThresholds.timeWaitCritical) -> Finding {
        guard let table = TCPSocketTable.parse(tcp) else { return .unknown(name, "cannot read /proc/net/tcp") }
        let count = table.count(.timeWait)
        var evidence = "\(count) sockets in TIME_WAIT"
        if let busiest = table.busiest(.timeWait, by: { "\($0.localAddress) ↔ \($0.remoteEndpoint)" }) {
            evidence += ", most between \(busiest.0) (\(busiest.1))"
        }
        evidence += table.skippedNote
        let status: DiagnosticStatus = count >= criticalAt ? .critical : count >= warningAt ? .warning : .ok
        return Finding(check: name, status: status, evidence: evidence, remedy: status == .ok ? "" :
            "Find the client that opens and closes connections at a high rate: `ss -tan state time-wait | awk '{print $4, $5}' | sort | uniq -c | sort -n | tail`. Make it keep connections alive or pool them; `sysctl -w net.ipv4.tcp_tw_reuse=1` lets outgoing connections reuse TIME_WAIT ports safely meanwhile.")
    }
}
