import AgentCore
import ArgumentParser
import Foundation

/// `nodeagent op logs`: what each attempt printed, fetched from the node that ran it.
struct OperationLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show each attempt's outcome, exit code, duration and output (head and tail), from the node that ran it.",
        discussion: "--json shape: [{node, step, attempt, recorded, outcome, exitCode, durationMilliseconds, standardOutput, standardError, droppedBytes, detail}]"
    )

    @OptionGroup var admin: AdminOptions
    @Argument(help: "The operation.") var id: String
    @Option(help: "Only this node's attempts.") var node: String?
    @Option(help: "Only this step (its name in the plan).") var step: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        var arguments = ["id": id]
        if let node { arguments["node"] = node }
        if let step { arguments["step"] = step }
        let result = try await admin.ask("op-logs", arguments: arguments)
        if json {
            print(try JSONOutput.render(result))
        } else {
            print(Self.render(try result.decode(as: [AttemptLog].self)))
        }
    }

    static func render(_ logs: [AttemptLog]) -> String {
        guard !logs.isEmpty else { return "no attempts" }
        return logs.map { log in
            var head = "── \(log.node)  \(log.step)  attempt \(log.attempt): \(log.outcome ?? log.recorded ?? "no answer from the node")"
            if let code = log.exitCode { head += ", exit \(code)" }
            if let ms = log.durationMilliseconds { head += ", \(String(format: "%.1f", Double(ms) / 1000)) s" }
            if let dropped = log.droppedBytes, dropped > 0 { head += ", \(dropped) bytes of output dropped" }
            var lines = [head]
            if let detail = log.detail { lines.append(detail) }
            if let out = log.standardOutput, !out.isEmpty { lines.append(out.hasSuffix("\n") ? String(out.dropLast()) : out) }
            if let err = log.standardError, !err.isEmpty { lines.append("stderr: " + (err.hasSuffix("\n") ? String(err.dropLast()) : err)) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
