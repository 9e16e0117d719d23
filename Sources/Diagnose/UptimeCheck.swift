/// OS state: how long since boot (/proc/uptime). A recent boot nobody planned is worth a look.
public enum UptimeCheck {
    public static let name = "uptime"

    public static func evaluate(uptime text: String) -> Finding {
        guard let first = text.split(separator: " ").first, let seconds = Double(first), seconds >= 0 else {
            return .unknown(name, "cannot read /proc/uptime: \"\(text.prefix(40))\"")
        }
        let evidence = "up \(DiagnosticText.duration(seconds))"
        if seconds < DiagnosticThresholds.recentBootSeconds {
            return Finding(check: name, status: .warning, evidence: evidence + ": booted recently",
                           remedy: "If the reboot was not planned: `journalctl --list-boots` and `journalctl -b -1 -e` show how the previous boot ended (power loss leaves no shutdown messages; a panic or the watchdog leaves traces in `journalctl -k -b -1`).")
        }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
