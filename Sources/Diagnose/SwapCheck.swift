/// Memory: swap in use (SwapTotal − SwapFree) against SwapTotal. No swap at all is fine on its own.
public enum SwapCheck {
    public static let name = "swap"

    public static func evaluate(meminfo text: String) -> Finding {
        guard let info = MemInfo(text), let total = info["SwapTotal"], let free = info["SwapFree"], free <= total else {
            return .unknown(name, "cannot read SwapTotal and SwapFree from /proc/meminfo")
        }
        guard total > 0 else { return Finding(check: name, status: .ok, evidence: "no swap configured") }
        let used = total - free
        let fraction = Double(used) / Double(total)
        let evidence = "\(DiagnosticText.kibibytes(used)) of \(DiagnosticText.kibibytes(total)) swap used (\(DiagnosticText.percent(fraction)))"
        let remedy = "See who is swapped out: `grep VmSwap /proc/*/status | sort -k2 -n | tail`, and whether it is still swapping: `vmstat 1 5` (si/so columns). Reduce the memory of the largest service or add memory; `swapoff -a && swapon -a` brings pages back only if enough RAM is free."
        if fraction >= DiagnosticThresholds.swapUsedCritical {
            return Finding(check: name, status: .critical, evidence: evidence, remedy: remedy)
        }
        if fraction >= DiagnosticThresholds.swapUsedWarning {
            return Finding(check: name, status: .warning, evidence: evidence, remedy: remedy)
        }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
