import Foundation

/// Brute-force attempts: failed sshd logins in the journal over the last
/// `DiagnosticThresholds.journalWindowHours` hours, with the addresses they came from.
public enum SSHLoginCheck {
    public static let name = "ssh-logins"

    /// `source` is sshd's journal lines (`journalctl _COMM=sshd _COMM=sshd-session --since …`).
    /// sshd writes "Invalid user X from A" and then, with password logins on, "Failed password for
    /// invalid user X from A": such a pair is one attempt, not two.
    public static func evaluate(_ source: SourceText) -> Finding {
        let lines: [Substring]
        switch JournalLines.lines(source, check: name) {
        case let .verdict(finding): return finding
        case let .lines(found): lines = found
        }
        // Per connection ("from ADDRESS port PORT"): failures, "Invalid user" lines, and failures of
        // invalid users; then summed by address.
        var counts: [String: (address: String, failed: Int, invalid: Int, failedInvalid: Int)] = [:]
        for line in lines {
            let isFailure = line.contains("Failed password for") || line.contains("Failed publickey for")
                || line.contains("Failed keyboard-interactive")
            let isInvalid = line.contains("Invalid user ")
            guard isFailure || isInvalid else { continue }
            let (address, port) = origin(of: line)
            var entry = counts[address + " " + port] ?? (address, 0, 0, 0)
            if isFailure { entry.failed += 1 }
            if isInvalid { entry.invalid += 1 }
            if isFailure && line.contains("for invalid user") { entry.failedInvalid += 1 }
            counts[address + " " + port] = entry
        }
        var sources: [String: Int] = [:]
        for entry in counts.values { sources[entry.address, default: 0] += entry.failed + max(0, entry.invalid - entry.failedInvalid) }
        let attempts = sources.values.reduce(0, +)
        let window = "\(DiagnosticThresholds.journalWindowHours) h"
        guard attempts > 0 else { return Finding(check: name, status: .ok, evidence: "no failed sshd logins in \(window)") }
        let top = sources.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map { "\($0.key) (\($0.value))" }
        let evidence = "\(attempts) failed sshd logins in \(window)" + (top.isEmpty ? "" : ", from \(top.joined(separator: ", "))")
        let remedy = "Keep sshd reachable from the management network only (firewall), set `PasswordAuthentication no` in /etc/ssh/sshd_config and `systemctl reload ssh`, and ban repeat offenders (fail2ban, or `nft add rule inet filter input ip saddr ADDRESS drop`). Check no attempt succeeded: `journalctl _COMM=sshd | grep Accepted`."
        let status: DiagnosticStatus = attempts >= DiagnosticThresholds.failedLoginsCritical ? .critical
            : attempts >= DiagnosticThresholds.failedLoginsWarning ? .warning : .ok
        return Finding(check: name, status: status, evidence: evidence, remedy: status == .ok ? "" : remedy)
    }

    /// The address after " from " and the port after " port " in an sshd line.
    static func origin(of line: Substring) -> (address: String, port: String) {
        guard let range = line.range(of: " from ") else { return ("unknown address", "") }
        let words = line[range.upperBound...].split(separator: " ")
        let port = words.count >= 3 && words[1] == "port" ? String(words[2]) : ""
        return (words.first.map(String.init) ?? "unknown address", port)
    }
}
