import AgentCore
import ArgumentParser
import Config
import Foundation
import Operations

/// `nodeagent op`: fleet operations — the serial update of a pair as one command.
struct OperationCommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "op",
        abstract: "Fleet operations: plan an update of a pair (or any targets) and see what it would do.",
        discussion: """
        A plan (TOML; examples in dist/plans/) names targets (VIP groups, roles, nodes), a strategy \
        (serial, batch of N or N %, max_failures), a health gate after each node, steps (argv, or shell \
        only when asked for) with timeouts, accepted exit codes, retries and idempotent, and on_failure \
        steps. Within a pair the standby goes first; before the holder of a VIP is touched the VIP is \
        handed over to its updated peer and pinned there; at the end the hand-back policy (stay, return, \
        owners) is applied and the pin lifted. Two members of one group are never worked on at once.

        Start with a dry run:  nodeagent op plan dist/plans/app-pair-update.toml
        """,
        subcommands: [OperationPlanCommand.self, OperationRunCommand.self, OperationStatusCommand.self, OperationListCommand.self, OperationLogsCommand.self,
                      OperationCancelCommand.self, OperationPauseCommand.self, OperationResumeCommand.self]
    )
}

struct OperationPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: check a plan and show its batches, VIP moves and steps per node, on the fleet as it is now.",
        discussion: """
        Reads the fleet (members, roles, VIP holders and pins) from the agent, like `nodeagent vip`, or \
        from --topology FILE (JSON: {"nodes":[{"name","role","alive"}],"groups":[{"name","members", \
        "holder","pin","passive"}]}). Changes nothing. Exit status 1 when the plan is refused, with the \
        key or the reason to fix. {staging} stays as written: each node fills in its own directory.
        """
    )

    @OptionGroup var admin: AdminOptions

    @Argument(help: ArgumentHelp("The plan file (TOML).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Plan against this fleet description (JSON) instead of asking the agent.", valueName: "file"))
    var topology: String?

    @Flag(help: "Print the rollout as JSON.")
    var json = false

    func run() async throws {
        let plan: OperationPlan
        do {
            plan = try PlanFile.load(path: file)
        } catch {
            throw CLIError("\(file): \(error.description)")
        }
        let fleet = try await readTopology()
        let rollout: Rollout
        do {
            rollout = try RolloutPlanner.lay(plan, on: fleet, staging: "{staging}")
        } catch {
            throw CLIError("\(file): \(error.description)")
        }
        print(json ? try JSONOutput.render(rollout) : RolloutText.render(rollout))
    }

    private func readTopology() async throws -> FleetTopology {
        try await OperationPlanCommand.topology(admin: admin, file: topology)
    }

    /// The fleet from --topology FILE, else from the agent.
    static func topology(admin: AdminOptions, file topology: String?) async throws -> FleetTopology {
        if let topology {
            do {
                return try JSONDecoder().decode(FleetTopology.self, from: Data(contentsOf: URL(fileURLWithPath: topology)))
            } catch {
                throw CLIError("\(topology): not a fleet description: \(error)")
            }
        }
        let members = try await admin.ask("members").decode(as: MembersReport.self)
        let vip = try? await admin.ask("vip").decode(as: VIPReport.self)
        return FleetTopology(members: members, vip: vip)
    }
}

extension FleetTopology {
    /// The fleet from the agent's `members` and `vip` answers: alive means gossip says alive;
    /// group members highest priority first.
    init(members: MembersReport, vip: VIPReport?) {
        self.init(
            nodes: members.members.map { Node(name: $0.name, role: $0.role, alive: $0.status == "alive") },
            groups: (vip?.groups ?? []).map { group in
                let ordered = group.members.sorted { ($0.priority, $1.name) > ($1.priority, $0.name) }
                return Group(name: group.name, members: ordered.map(\.name), holder: group.grantHolder, pin: group.pin,
                             passive: group.members.filter { $0.mode == "passive" }.map(\.name))
            })
    }
}
