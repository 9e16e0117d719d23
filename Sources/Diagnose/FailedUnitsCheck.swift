/// OS state: units systemd reports failed (`systemctl --failed`), the Linux counterpart of an
/// instance's "OS status".
public enum FailedUnitsCheck {
    public static let name = "failed-units"

    /// `source` is what `systemctl --failed --no-legend --plain --no-pager` printed (one unit a line,
    /// the unit name first), or absent when systemd is not PID 1.
    public static func evaluate(_ source: SourceText) -> Finding {
        let output: String
        switch source {
        case let .absent(reason): return .unknown(name, "skipped: \(reason)")
        case let .failed(reason):
            return .unknown(name, "systemctl --failed did not answer: \(reason.prefix(200))",
                            remedy: "Run `systemctl --failed` by hand; `systemctl is-system-running` says whether systemd itself is degraded.")
        case let .read(text): output = text
        }
        var units: [String] = []
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).filter { $0 != "●" && $0 != "*" }
            guard let unit = fields.first else { continue }
            guard unit.contains("."), fields.count >= 3 else {
                return .unknown(name, "cannot read systemctl's output: \"\(line.prefix(120))\"")
            }
            units.append(String(unit))
        }
        guard !units.isEmpty else { return Finding(check: name, status: .ok, evidence: "no failed units") }
        let first = units[0]
        return Finding(check: name, status: .warning, evidence: "\(units.count) failed: \(DiagnosticText.list(units))",
                       remedy: "For each unit: `systemctl status \(first)` and `journalctl -u \(first) -b` say why it failed; fix the cause, then `systemctl restart \(first)` (or `systemctl reset-failed \(first)` if it is not needed).")
    }
}
