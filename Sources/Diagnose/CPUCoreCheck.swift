/// CPU: a single saturated core while the machine as a whole is not busy — a single-threaded
/// process at its ceiling, which the total hides on a node with many cores.
public enum CPUCoreCheck {
    public static let name = "cpu-core"

    public static func evaluate(before: String, after: String) -> Finding {
        guard let first = CPUStat(before), let second = CPUStat(after), let total = CPUStat.busyFraction(first.all, second.all) else {
            return .unknown(name, "cannot compare two samples of /proc/stat")
        }
        let shares = second.cores.compactMap { core, times in
            first.cores[core].flatMap { CPUStat.busyFraction($0, times) }.map { (core, $0) }
        }
        guard let top = shares.max(by: { ($0.1, $1.0) < ($1.1, $0.0) }) else {
            return .unknown(name, "/proc/stat lists no per-core lines")
        }
        let (core, busiest) = top
        let evidence = "busiest core cpu\(core) at \(DiagnosticText.percent(busiest)), all cores \(DiagnosticText.percent(total))"
        if busiest >= DiagnosticThresholds.singleCoreSaturated && total < DiagnosticThresholds.cpuBusyWarning {
            return Finding(check: name, status: .warning, evidence: evidence + ": one thread is at its limit",
                           remedy: "Find the thread: `top -H -b -n1 -o %CPU | head -15` (or `ps -eLo pid,tid,psr,pcpu,comm --sort=-pcpu | head`); a single-threaded service there cannot go faster by adding cores — spread its work or pin interrupts elsewhere (`cat /proc/interrupts`).")
        }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
