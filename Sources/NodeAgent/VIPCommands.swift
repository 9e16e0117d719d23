import AgentCore
import ArgumentParser
import Config
import Foundation
import Keepalived

/// `nodeagent vip`: VIP groups, their owners, and the operator's levers.
struct VIPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vip",
        abstract: "Show every VIP group: desired owner, grant, each member's health, mode and keepalived state.",
        discussion: """
        keepalived still moves the address; nodeagent decides who MAY hold it. The coordinator grants each \
        group to one member, chosen in this order: operator pin, mode (passive never owns), health checks, \
        the current owner (no flapping back), priority. A member without a valid lease writes -254 to its \
        track file (keepalived FAULT, VIP dropped at once); a standby a raise that keeps the configured \
        order with the highest standby at priority 253; the owner a boost to 254. A standby that no longer \
        hears the owner is fenced too (the pair link may be cut). What members do without a quorum is the \
        group's no_quorum_policy: stop (let go) or freeze (keep the current owner). Runs on any node. \
        Mutations (pin, unpin, promote, mode) go through the quorum and are logged to the journal.
        """,
        subcommands: [VIPShowCommand.self, VIPPinCommand.self, VIPUnpinCommand.self, VIPPromoteCommand.self, VIPModeCommand.self],
        defaultSubcommand: VIPShowCommand.self
    )
}

struct VIPShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show every VIP group (the default).")

    @OptionGroup var admin: AdminOptions

    @Option(help: ArgumentHelp("Ask this node instead, through the mesh (any node answers for any other).", valueName: "name"))
    var node: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let result = try await admin.ask("vip", arguments: node.map { ["at_node": $0] } ?? [:])
        if json {
            print(try JSONOutput.render(result))
        } else {
            print(StatusTable.vip(try result.decode(as: VIPReport.self)))
        }
    }
}

struct VIPPinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Pin a group to a node (the \"unconditional master\"): it owns the VIP while it is alive, even with failing checks.",
        discussion: "Example, before updating app2: nodeagent vip pin app app1 — and afterwards: nodeagent vip unpin app"
    )

    @OptionGroup var admin: AdminOptions
    @Argument(help: "The VIP group.") var group: String
    @Argument(help: "The node.") var node: String

    @Flag(help: "Print the quorum's answer as JSON.") var json = false

    func run() async throws {
        try CommitText.print(try await admin.ask("vip-pin", arguments: ["group": group, "node": node]), json: json,
                             "\(group) pinned to \(node): it owns the VIP while alive; `nodeagent vip unpin \(group)` ends it")
    }
}

struct VIPUnpinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unpin", abstract: "Remove a group's pin: the arbiter chooses again (the current owner stays if healthy).")

    @OptionGroup var admin: AdminOptions
    @Argument(help: "The VIP group.") var group: String

    @Flag(help: "Print the quorum's answer as JSON.") var json = false

    func run() async throws {
        try CommitText.print(try await admin.ask("vip-unpin", arguments: ["group": group]), json: json,
                             "\(group) unpinned: the arbiter chooses again")
    }
}

struct VIPPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Planned handover (\"assign master\"): move the group's ownership to a node now.",
        discussion: """
        The new owner first raises its keepalived priority to just below the old owner's; then the old owner \
        faults itself (a priority-0 advert) and stays faulted until the new owner reports MASTER, so the VIP \
        moves within about half a second and is never on two nodes. Example: nodeagent vip promote app app2
        """
    )

    @OptionGroup var admin: AdminOptions
    @Argument(help: "The VIP group.") var group: String
    @Argument(help: "The node to take over.") var node: String

    @Flag(help: "Print the quorum's answer as JSON.") var json = false

    func run() async throws {
        try CommitText.print(try await admin.ask("vip-promote", arguments: ["group": group, "node": node]), json: json,
                             "\(group) handed over to \(node); `nodeagent vip` shows it MASTER within about half a second")
    }
}

struct VIPModeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mode", abstract: "Set a member's mode through the quorum: auto, or passive (never owns).")

    @OptionGroup var admin: AdminOptions
    @Argument(help: "The VIP group.") var group: String
    @Argument(help: "The node.") var node: String
    @Argument(help: "auto or passive.") var mode: String

    func validate() throws {
        guard ["auto", "passive"].contains(mode) else { throw ValidationError("mode must be auto or passive") }
    }

    @Flag(help: "Print the quorum's answer as JSON.") var json = false

    func run() async throws {
        try CommitText.print(try await admin.ask("vip-mode", arguments: ["group": group, "node": node, "mode": mode]), json: json,
                             "\(node) is \(mode) in \(group)")
    }
}

/// `nodeagent keepalived snippet GROUP`: the keepalived.conf blocks that connect keepalived to the agent.
struct KeepalivedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keepalived",
        abstract: "Help with keepalived's side of the bridge.",
        subcommands: [KeepalivedSnippetCommand.self]
    )
}

struct KeepalivedSnippetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snippet",
        abstract: "Print the keepalived.conf blocks for a VIP group (track_file and vrrp_notify_fifo).",
        discussion: """
        Paste the global_defs line and the track_file block at the top level of keepalived.conf, and the \
        track_file reference inside the group's vrrp_instance. Blocks are written over several lines: \
        keepalived 2.2.7 silently ignores a one-line track_file block. Remove the old vrrp_script health \
        check: the agent's checks replace it.
        """
    )

    @Argument(help: "The VIP group (a [vip_groups.NAME] of the config).") var group: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The node's config.", valueName: "file"))
    var config = "/etc/nodeagent/nodeagent.toml"

    func run() throws {
        let node: NodeConfig
        do {
            node = try NodeConfig.load(path: config)
        } catch {
            throw CLIError(error.description)
        }
        guard let settings = node.vipGroups[group] else {
            throw CLIError("no [vip_groups.\(group)] in \(config); known: \(node.vipGroups.keys.sorted().joined(separator: ", "))")
        }
        let generator = SnippetGenerator(
            group: group, instance: settings.instance,
            trackFilePath: node.keepalived.trackDirectory + "/" + group + ".track",
            notifyFIFOPath: node.keepalived.notifyFifo, initialValue: -254)
        do {
            print(try generator.generate().text)
        } catch {
            throw CLIError("\(error)")
        }
    }
}
