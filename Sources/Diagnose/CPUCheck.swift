import Foundation

/// CPU: the whole machine's busy share between two /proc/stat samples, with the 1-minute load
/// average per core from /proc/loadavg (a run queue the short sample can miss).
public enum CPUCheck {
    public static let name = "cpu"

    static let remedy = "See what runs: `top -b -n1 -o %CPU | head -20`, `systemd-cgtop -c`. Move or throttle the heavy service (CPUQuota= in its unit); a node of the pair that stays saturated needs more cores."

    public static func evaluate(loadavg: String, before: String, after: String) -> Finding {
        guard let first = CPUStat(before), let second = CPUStat(after), let busy = CPUStat.busyFraction(first.all, second.all) else {
            return .unknown(name, "cannot compare two samples of /proc/stat")
        }
        let cores = max(1, second.cores.count)
        var evidence = "\(DiagnosticText.percent(busy)) busy over \(DiagnosticThresholds.cpuSampleMilliseconds) ms on \(cores) cores"
        var perCore: Double?
        if let load = loadavg.split(separator: " ").first.flatMap({ Double($0) }) {
            perCore = load / Double(cores)
            evidence += ", load \(load) (\(String(format: "%.2f", load / Double(cores))) per core)"
        }
        if busy >= DiagnosticThresholds.cpuBusyCritical {
            return Finding(check: name, status: .critical, evidence: evidence, remedy: remedy)
        }
        if busy >= DiagnosticThresholds.cpuBusyWarning || (perCore ?? 0) >= DiagnosticThresholds.loadPerCoreWarning {
            return Finding(check: name, status: .warning, evidence: evidence, remedy: remedy)
        }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
