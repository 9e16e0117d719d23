import AgentCore
import ArgumentParser
import Foundation
import Wire

/// `nodeagent coordinator`: the quorum as this node sees it.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Show the coordinator, its term, the voters and this node's role in the quorum.",
        discussion: """
        The coordinator is the Raft leader elected by a majority of quorum.voters; it alone grants VIP \
        ownership. On the coordinator the voters' match index and last contact are shown; elsewhere the \
        time since this node last heard from the coordinator. --json shape: node, role, term, \
        coordinator, commitIndex, appliedIndex, lastLogIndex, lastCoordinatorContactMillisecondsAgo, \
        voters[] {name, voter, matchIndex, lastContactMillisecondsAgo}, heldLeases, configVersion, \
        features (the fleet's effective feature level: what every voter advertises), nodeFeatures.

        During a rolling update the coordinator proposes a new kind of fleet-state command only once \
        every voter (and every node the command concerns) advertises the feature it needs; until then \
        the command is refused with the names of the nodes to update first.
        """
    )

    @OptionGroup var admin: AdminOptions

    @Option(help: ArgumentHelp("Ask this node instead, through the mesh (any node answers for any other).", valueName: "name"))
    var node: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let result = try await admin.ask("coordinator", arguments: node.map { ["at_node": $0] } ?? [:])
        if json {
            print(try JSONOutput.render(result))
        } else {
            print(StatusTable.coordinator(try result.decode(as: CoordinatorReport.self)))
        }
    }
}

/// `nodeagent fleet`: the replicated fleet state.
struct FleetCommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Read and change the replicated fleet state.",
        subcommands: [FleetStateCommand.self, FleetConfigVersionCommand.self]
    )
}

struct FleetStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Print the fleet state (pins, modes, grants, operations, config version) as JSON.",
        discussion: "Without --current: as this node has applied it (may lag a few milliseconds). With --current: confirmed through the coordinator first (fails without a quorum)."
    )

    @OptionGroup var admin: AdminOptions

    @Flag(help: "Confirm the read through the coordinator before answering.")
    var current = false

    func run() async throws {
        print(try JSONOutput.render(try await admin.ask("fleet-state", arguments: ["current": current ? "true" : "false"])))
    }
}

struct FleetConfigVersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-config-version",
        abstract: "Record, through the quorum, the configuration version the fleet has agreed on.",
        discussion: "An admin mutation: committed by a majority of voters or refused with the reason. Works on any node (forwarded to the coordinator)."
    )

    @OptionGroup var admin: AdminOptions

    @Argument(help: "The version number.")
    var version: UInt64

    func run() async throws {
        print(try JSONOutput.render(try await admin.ask("set-config-version", arguments: ["version": String(version)])))
    }
}
