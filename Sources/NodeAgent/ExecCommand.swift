import AgentCore
import ArgumentParser
import Foundation
import Operations

/// `nodeagent exec`: an ad-hoc command on many nodes, as an operation (so it is recorded, resumable
/// and in the journal with the admin's name) that touches no VIP and waits for no health gate.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command on nodes of the fleet and show each node's output and exit code.",
        discussion: """
        Examples:
          nodeagent exec --role db -- /usr/bin/patronictl -c /etc/patroni/config.yml list
          nodeagent exec --group app --max-parallel 1 --shell -- 'df -h / | tail -1'
        The command runs as an operation (nodeagent op status/logs show it afterwards), without VIP moves \
        and without a health gate; --max-parallel nodes at a time (default 10), and the rest stops once \
        more than --max-errors nodes failed (default 0). argv[0] must be an absolute path, or say --shell. \
        Exit status 0 when every node succeeded, 2 otherwise.
        """
    )

    @OptionGroup var admin: AdminOptions
    @Option(help: "Every member of this VIP group.") var group: String?
    @Option(help: "Every node of this role.") var role: String?
    @Option(help: ArgumentHelp("These nodes (comma-separated).", valueName: "a,b")) var nodes: String?
    @Flag(help: "Every node of the fleet.") var all = false
    @Option(help: "Nodes running at once.") var maxParallel = 10
    @Option(help: "Failed nodes tolerated before the rest is not started.") var maxErrors = 0
    @Option(name: .customLong("command-timeout"), help: ArgumentHelp("Seconds before the command is killed on a node.", valueName: "seconds"))
    var commandTimeout: Double = 60
    @Flag(help: "Run the command through /bin/sh -c (one argument: the script).") var shell = false
    @Argument(parsing: .postTerminator, help: "The command, after --.") var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command after --") }
        guard [group != nil, role != nil, nodes != nil, all].filter({ $0 }).count == 1 else {
            throw ValidationError("say where: exactly one of --group, --role, --nodes, --all")
        }
        guard shell || command[0].hasPrefix("/") else { throw ValidationError("\(command[0]): use an absolute path, or --shell") }
        guard maxParallel >= 1, maxErrors >= 0, commandTimeout > 0 else { throw ValidationError("--max-parallel ≥ 1, --max-errors ≥ 0, --command-timeout > 0") }
    }

    func run() async throws {
        let fleet = try await OperationPlanCommand.topology(admin: admin, file: nil)
        let targets: PlanTargets
        if let group { targets = PlanTargets(groups: [group]) } else if let role { targets = PlanTargets(roles: [role]) } else if let nodes {
            targets = PlanTargets(nodes: nodes.split(separator: ",").map(String.init))
        } else {
            targets = PlanTargets(roles: Array(Set(fleet.nodes.map(\.role))).sorted())
        }
        let step = PlanStep(name: "exec", command: shell ? .shell(command.joined(separator: " ")) : .argv(command),
                            timeoutMilliseconds: Int(commandTimeout * 1000))
        let plan = OperationPlan(name: "exec", targets: targets,
                                 strategy: RolloutStrategy(batch: .count(maxParallel), maxParallel: maxParallel, maxFailures: maxErrors),
                                 health: .none, vip: VIPPolicy(leaveVIPs: true), steps: [step])
        let rollout: Rollout
        do {
            rollout = try RolloutPlanner.lay(plan, on: fleet, staging: "{staging}")
        } catch {
            throw CLIError(error.description)
        }
        let id = OperationRunCommand.defaultID("exec") + "-\(UInt16.random(in: 0...UInt16.max))"
        _ = try await admin.ask("op-start", arguments: ["id": id, "rollout": String(decoding: try JSONEncoder().encode(rollout), as: UTF8.self)])
        let status = try await Self.waitForEnd(admin: admin, id: id)
        // A halted exec would hold up the next operation; it has nothing left to decide.
        if status.hasPrefix("halted") {
            _ = try? await admin.ask("op-cancel", arguments: ["id": id])
            _ = try? await Self.waitForEnd(admin: admin, id: id, accepting: ["cancelled", "finished"], limit: .seconds(15))
        }
        let logs = try await admin.ask("op-logs", arguments: ["id": id]).decode(as: [AttemptLog].self)
        print(OperationLogsCommand.render(logs))
        print("\n\(id): \(status)")
        if status != "finished" || logs.contains(where: { $0.outcome != "succeeded" }) { throw ExitCode(2) }
    }

    /// Polls until the operation's status is one of `accepting` (or `limit` passes) and returns it.
    static func waitForEnd(admin: AdminOptions, id: String, accepting: Set<String> = ["finished", "halted", "cancelled"],
                           limit: Duration = .seconds(86_400)) async throws -> String {
        let deadline = ContinuousClock.now + limit
        while true {
            let reports = try await admin.ask("op-status", arguments: ["id": id]).decode(as: [OperationReport].self)
            if let report = reports.first, accepting.contains(report.status) {
                return report.status + (report.reason.map { ": \($0)" } ?? "")
            }
            guard ContinuousClock.now < deadline else { throw CLIError("operation \(id) did not end within \(limit)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
