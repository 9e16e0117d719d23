import Diagnose
import Foundation

/// `nodeagent diagnose` for the terminal: the table of findings, then the remedies of those that
/// are not ok, so the operator reads the verdicts first and the commands to run after.
public enum DiagnosticTable {
    /// One node's report.
    public static func node(_ report: DiagnosticReport) -> String {
        var lines = [summary(report), ""]
        let width = max(5, report.findings.map(\.check.count).max() ?? 0)
        lines.append(pad("CHECK", width) + "  " + pad("STATUS", 8) + "  EVIDENCE")
        for finding in report.findings {
            lines.append(pad(finding.check, width) + "  " + pad(finding.status.rawValue, 8) + "  " + finding.evidence)
        }
        let remedies = remedyLines(report.findings)
        if !remedies.isEmpty { lines += ["", "REMEDIES"] + remedies }
        return lines.joined(separator: "\n")
    }

    /// `diagnose --all`: one row group per node (the node named on its first row), then the remedies by node.
    public static func fleet(_ nodes: [NodeDiagnosis]) -> String {
        var lines = nodes.map { node in node.report.map(summary) ?? "\(node.node): \(node.problem ?? "no report")" }
        lines.append("")
        let nodeWidth = max(4, nodes.map(\.node.count).max() ?? 0)
        let checkWidth = max(5, nodes.flatMap { $0.report?.findings.map(\.check.count) ?? [] }.max() ?? 0)
        lines.append(pad("NODE", nodeWidth) + "  " + pad("CHECK", checkWidth) + "  " + pad("STATUS", 8) + "  EVIDENCE")
        for node in nodes {
            guard let report = node.report else {
                lines.append(pad(node.node, nodeWidth) + "  " + pad("-", checkWidth) + "  " + pad("-", 8) + "  " + (node.problem ?? "no report"))
                continue
            }
            for (index, finding) in report.findings.enumerated() {
                lines.append(pad(index == 0 ? node.node : "", nodeWidth) + "  " + pad(finding.check, checkWidth) + "  "
                             + pad(finding.status.rawValue, 8) + "  " + finding.evidence)
            }
        }
        var remedies: [String] = []
        for node in nodes {
            let found = remedyLines(node.report?.findings ?? [])
            if !found.isEmpty { remedies += ["", node.node] + found }
        }
        if !remedies.isEmpty { lines += ["", "REMEDIES"] + remedies.dropFirst() }
        return lines.joined(separator: "\n")
    }

    /// "app1: 1 critical, 2 warning, 3 unknown, 14 ok (checks took 640 ms)".
    static func summary(_ report: DiagnosticReport) -> String {
        let counts = [DiagnosticStatus.critical, .warning, .unknown, .ok].map { status in
            "\(report.findings.filter { $0.status == status }.count) \(status.rawValue)"
        }
        return "\(report.node): \(counts.joined(separator: ", ")) (checks took \(report.elapsedMs) ms)"
    }

    /// "  memory (warning): <remedy>" for every finding that has one, worst first.
    static func remedyLines(_ findings: [Finding]) -> [String] {
        findings.enumerated()
            .filter { $0.element.status != .ok && !$0.element.remedy.isEmpty }
            .sorted { ($0.element.status.severity, -$0.offset) > ($1.element.status.severity, -$1.offset) }
            .map { "  \($0.element.check) (\($0.element.status.rawValue)): \($0.element.remedy)" }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
}
