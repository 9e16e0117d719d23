import AgentCore
import ArgumentParser
import Diagnose
import Foundation

/// `nodeagent diagnose`: the node's troubleshooting checklist, each check with its evidence and, when
/// it is not ok, a remedy; `--all` asks every connected node through the mesh.
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Run the node's checks (OS, memory, CPU, descriptors, logins, sshd, ports, gateway, DNS, certificates) with a remedy for each finding.",
        discussion: """
        The agent runs the checks itself (as the user it runs as: root sees every process) and answers \
        within a few seconds: they run side by side, and one that takes longer than \
        \(Int(DiagnosticThresholds.checkTimeoutSeconds)) s is reported unknown instead of waited for. A \
        check whose source this node lacks (no systemd, no journal, no sshd) says unknown and why. \
        --all asks every node this agent is connected to; one that does not answer within 8 s (or runs \
        an agent without diagnose) shows as "no answer". NODEAGENT_DIAGNOSE_SKIP=check,check in the \
        agent's environment turns checks off on that node.

        What each check looks at:
        \(DiagnosticCatalogue.entries.map { "  \($0.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \($0.looksAt)" }.joined(separator: "\n"))

        --json prints the report as is: node, at, elapsedMs, findings[] with check, status \
        (ok, warning, critical, unknown), evidence, remedy; with --all a list of {node, report, problem}.
        """
    )

    @OptionGroup var admin: AdminOptions

    @Flag(help: "Ask every connected node too, and show one table by node.")
    var all = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let result = try await admin.ask("diagnose", arguments: all ? ["all": "true"] : [:])
        if json {
            print(try JSONOutput.render(result))
        } else if all {
            print(DiagnosticTable.fleet(try result.decode(as: [NodeDiagnosis].self)))
        } else {
            print(DiagnosticTable.node(try result.decode(as: DiagnosticReport.self)))
        }
    }
}
