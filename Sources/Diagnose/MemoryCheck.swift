/// Memory: available memory (MemAvailable, the kernel's own estimate of what can be allocated
/// without swapping) against MemTotal.
public enum MemoryCheck {
    public static let name = "memory"

    public static func evaluate(meminfo text: String) -> Finding {
        guard let info = MemInfo(text), let total = info["MemTotal"], total > 0 else {
            return .unknown(name, "cannot read MemTotal from /proc/meminfo")
        }
        guard let available = info["MemAvailable"] else {
            return .unknown(name, "/proc/meminfo has no MemAvailable (kernel older than 3.14)")
        }
        let fraction = Double(available) / Double(total)
        let evidence = "\(DiagnosticText.kibibytes(available)) of \(DiagnosticText.kibibytes(total)) available (\(DiagnosticText.percent(fraction)))"
        let remedy = "Find what holds the memory: `ps -eo pid,rss,comm --sort=-rss | head` and `systemd-cgtop -m`. Restart or limit the service that grows (MemoryMax= in its unit), or add memory; watch `journalctl -k | grep -i 'out of memory'` for kills."
        if fraction < DiagnosticThresholds.memoryAvailableCritical {
            return Finding(check: name, status: .critical, evidence: evidence, remedy: remedy)
        }
        if fraction < DiagnosticThresholds.memoryAvailableWarning {
            return Finding(check: name, status: .warning, evidence: evidence, remedy: remedy)
        }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
