import Foundation

/// Memory: processes the kernel's OOM killer ended, from the kernel's journal lines over the last
/// `DiagnosticThresholds.journalWindowHours` hours ("Out of memory: Killed process 1234 (java)",
/// "Memory cgroup out of memory: Killed process …").
public enum OOMKillCheck {
    public static let name = "oom-kills"

    public static func evaluate(_ source: SourceText) -> Finding {
        let lines: [Substring]
        switch JournalLines.lines(source, check: name) {
        case let .verdict(finding): return finding
        case let .lines(found): lines = found
        }
        var victims: [String] = []
        for line in lines where line.range(of: "out of memory", options: .caseInsensitive) != nil && line.contains("Killed process") {
            victims.append(victim(in: line) ?? "?")
        }
        let window = "\(DiagnosticThresholds.journalWindowHours) h"
        guard !victims.isEmpty else { return Finding(check: name, status: .ok, evidence: "no OOM kills in \(window)") }
        let evidence = "\(victims.count) OOM kills in \(window): \(DiagnosticText.list(victims.reversed()))"
        let status: DiagnosticStatus = victims.count >= DiagnosticThresholds.oomKillsCritical ? .critical : .warning
        return Finding(check: name, status: status, evidence: evidence,
                       remedy: "`journalctl -k | grep -B5 'Killed process'` shows the memory picture at each kill. Give the killed service a memory limit it fits in (MemoryMax= / the container's limit) or find what grew (`ps -eo pid,rss,comm --sort=-rss | head`); add memory if the node is simply too small.")
    }

    /// "Killed process 1234 (java) total-vm…" → "java (1234)".
    static func victim(in line: Substring) -> String? {
        guard let range = line.range(of: "Killed process ") else { return nil }
        let rest = line[range.upperBound...]
        let pid = rest.prefix { $0.isNumber }
        guard let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") else { return pid.isEmpty ? nil : String(pid) }
        return "\(rest[rest.index(after: open)..<close]) (\(pid))"
    }
}
