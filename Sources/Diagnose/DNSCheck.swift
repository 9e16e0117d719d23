import Foundation

/// Network: the fleet's member names resolve (getaddrinfo, so /etc/hosts and DNS as the node's
/// nsswitch.conf says), and quickly. Certificates name nodes; operators and scripts reach them by
/// those names.
public enum DNSCheck {
    public static let name = "dns"

    public static func evaluate(_ answers: [NameResolution]) -> Finding {
        guard !answers.isEmpty else { return .unknown(name, "skipped: no fleet member names known yet") }
        let failed = answers.filter { $0.error != nil }
        let slow = answers.filter { $0.error == nil && $0.seconds >= DiagnosticThresholds.slowResolutionSeconds }
        let slowest = answers.map(\.seconds).max() ?? 0
        var evidence = "\(answers.count - failed.count) of \(answers.count) names resolve, slowest \(String(format: "%.0f", slowest * 1000)) ms"
        if !failed.isEmpty {
            evidence += "; failed: " + DiagnosticText.list(failed.map { "\($0.name) (\($0.error ?? ""))" }, limit: 4)
        }
        if !slow.isEmpty { evidence += "; slow: " + DiagnosticText.list(slow.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }, limit: 4) }
        let example = failed.first?.name ?? slow.first?.name ?? answers[0].name
        let remedy = "`getent hosts \(example)` shows what this node resolves; check /etc/resolv.conf (a dead first nameserver makes every lookup wait for its timeout) and add the fleet's names to DNS or to /etc/hosts on every node."
        if !failed.isEmpty {
            return Finding(check: name, status: failed.count == answers.count ? .critical : .warning, evidence: evidence, remedy: remedy)
        }
        if !slow.isEmpty { return Finding(check: name, status: .warning, evidence: evidence, remedy: remedy) }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
