import AgentCore
import Events
import Foundation

/// The tables of `nodeagent events`.
enum EventText {
    static func records(_ report: EventsReport, showNode: Bool) -> String {
        var lines: [String] = []
        if report.records.isEmpty { lines.append("no events") }
        let formatter = ISO8601DateFormatter()
        for record in report.records {
            let time = formatter.string(from: Date(timeIntervalSince1970: record.time))
            let what = record.kind == .fired ? "FIRED  " : "cleared"
            let subject = record.subject.isEmpty ? "" : " (\(record.subject))"
            let node = showNode ? pad(record.node, 8) + " " : ""
            let active = record.activeSeconds.map { " [active \(String(format: "%.1f", $0)) s]" } ?? ""
            lines.append("\(time) \(node)\(pad(record.severity.rawValue, 8)) \(what) \(record.policy)\(subject): \(record.evidence)\(active)")
        }
        if !report.silent.isEmpty { lines.append("no answer from: \(report.silent.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    static func summary(_ report: EventSummaryReport) -> String {
        var lines = [pad("DAY", 10) + " " + pad("SEVERITY", 8) + " " + pad("POLICY", 28) + " TRIGGERS"]
        for count in report.counts {
            lines.append(pad(count.day, 10) + " " + pad(count.severity.rawValue, 8) + " " + pad(count.policy, 28) + " \(count.count)")
        }
        if report.counts.isEmpty { lines.append("no events fired") }
        if !report.silent.isEmpty { lines.append("no answer from: \(report.silent.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    static func policies(_ rows: [EventPolicyReport], remedies: Bool) -> String {
        var lines = [pad("POLICY", 28) + " " + pad("SEVERITY", 8) + " " + pad("ENABLED", 8) + " " + pad("MANDATORY", 9) + " PARAMETERS"]
        for row in rows {
            let parameters = (row.parameters.isEmpty ? "-" : row.parameters) + (row.changed ? "  (changed)" : "")
            lines.append(pad(row.name, 28) + " " + pad(row.severity, 8) + " " + pad(row.enabled ? "yes" : "no", 8) + " "
                + pad(row.mandatory ? "yes" : "no", 9) + " " + parameters)
            if remedies { lines.append("    \(row.title): \(row.remedy)") }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
