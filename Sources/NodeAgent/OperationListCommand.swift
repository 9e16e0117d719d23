import AgentCore
import ArgumentParser
import Foundation

/// `nodeagent op list`: one line per operation the fleet state keeps, newest last.
struct OperationListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the fleet's operations, one line each: id, status, nodes done, who started it, why it stopped.",
        discussion: "For one operation's nodes and steps: nodeagent op status ID. --json prints what op status --json prints."
    )

    @OptionGroup var admin: AdminOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let result = try await admin.ask("op-status")
        if json {
            print(try JSONOutput.render(result))
            return
        }
        let reports = try result.decode(as: [OperationReport].self)
        guard !reports.isEmpty else {
            print("no operations")
            return
        }
        let width = max(2, reports.map(\.id.count).max() ?? 0)
        print("ID".padding(toLength: width, withPad: " ", startingAt: 0) + "  STATUS     NODES  ADMIN")
        for report in reports {
            let done = report.nodes.filter { $0.state == "done" }.count
            var line = report.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            line += report.status.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
            line += "\(done)/\(report.nodes.count)".padding(toLength: 5, withPad: " ", startingAt: 0) + "  " + report.admin
            if let reason = report.reason { line += "  — \(reason)" }
            print(line)
        }
    }
}
