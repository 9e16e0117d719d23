import Foundation

/// The probes that ask another program: docker, systemctl and, for https, curl. Each turns the
/// program's answer into a detail an operator understands without reading the program's manual.
enum ToolProbes {
    static func docker(_ container: String, tool: String?, deadline: ProbeDeadline) -> ProbeResult {
        guard let tool else { return deadline.result(false, "docker: the docker program is not installed") }
        let outcome = ProcessRunner.run([tool, "inspect", "-f", "{{.State.Running}}", "--", container],
                                        deadline: deadline)
        return deadline.result(outcome.ending == .exited(0) && outcome.output.trimmed == "true",
                               "docker: " + dockerDetail(container, outcome))
    }

    static func dockerDetail(_ container: String, _ outcome: ProcessOutcome) -> String {
        let text = outcome.outputLine
        switch outcome.ending {
        case .exited(0):
            let answer = outcome.output.trimmed
            if answer == "true" { return "\(container) is running" }
            if answer == "false" { return "\(container) is not running" }
            return "unexpected answer \"\(text.prefix(200))\""
        case .exited:
            if text.contains("Cannot connect to the Docker daemon") || text.contains("docker.sock") {
                return "cannot reach the engine (\(text))"
            }
            if text.contains("No such object") || text.contains("No such container") {
                return "no container named \(container)"
            }
            return "\(outcome.endingText): \(text)"
        default:
            return withOutput(outcome)
        }
    }

    static func systemd(_ unit: String, tool: String?, deadline: ProbeDeadline) -> ProbeResult {
        guard let tool else { return deadline.result(false, "systemd: the systemctl program is not installed") }
        let outcome = ProcessRunner.run([tool, "is-active", "--", unit], deadline: deadline)
        return deadline.result(outcome.ending == .exited(0), "systemd: " + systemdDetail(unit, outcome))
    }

    static func systemdDetail(_ unit: String, _ outcome: ProcessOutcome) -> String {
        let text = outcome.outputLine
        switch outcome.ending {
        case .exited(0):
            return "\(unit) is active"
        case .exited:
            if text.contains("not been booted with systemd") || text.contains("Failed to connect to bus") {
                return "systemd is not running here (\(text))"
            }
            return text.isEmpty ? "\(unit) is not active (\(outcome.endingText))" : "\(unit) is \(text)"
        default:
            return withOutput(outcome)
        }
    }

    /// An https GET through curl, without certificate verification (see `ProbeKind.http`).
    static func https(_ url: String, expectStatus: Int, tool: String?, deadline: ProbeDeadline) -> ProbeResult {
        guard let tool else { return deadline.result(false, "https: the curl program is not installed") }
        let argv = [tool, "--silent", "--show-error", "--insecure", "--noproxy", "*", "--proto", "=https",
                    "--output", "/dev/null", "--write-out", "%{http_code}",
                    "--max-time", String(format: "%.3f", max(0.001, deadline.remainingSeconds)), url]
        let outcome = ProcessRunner.run(argv, deadline: deadline)
        guard case .exited = outcome.ending, let status = Int(outcome.outputLine.suffix(3)), status > 0 else {
            return deadline.result(false, "https: " + withOutput(outcome).replacingOccurrences(of: " | 000", with: ""))
        }
        let result = HTTPProbe.judge("HTTP/1.1 \(status)", expectStatus: expectStatus, deadline: deadline)
        return deadline.result(result.success, "https: " + result.detail)
    }

    /// A command's answer: success on exit 0, with its output in the detail.
    static func command(_ argv: [String], deadline: ProbeDeadline) -> ProbeResult {
        let outcome = ProcessRunner.run(argv, deadline: deadline)
        return deadline.result(outcome.ending == .exited(0), withOutput(outcome))
    }

    /// "exit status 1: <output>", or just the ending when there was no output.
    static func withOutput(_ outcome: ProcessOutcome) -> String {
        let text = outcome.outputLine
        return text.isEmpty ? outcome.endingText : "\(outcome.endingText): \(text)"
    }
}
