import AgentCore
import ArgumentParser
import Foundation
import Wire

/// `nodeagent status`: this node and its peer connections.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show this node and its peer connections (who, address, TLS identity, since, RTT).",
        discussion: """
        Asks the local agent over its admin socket (root only). With --remote, asks another node's admin \
        endpoint over mutual TLS with an admin certificate. --json prints the agent's report as is; its \
        shape is stable: node, role, voter, address, agentVersion, pid, startedAt, seeds, peers[] with \
        node, role, address, agentVersion, direction, identity{subjectAltName, admin, serial, issuer, \
        notAfter}, connectedSince, rttMilliseconds.
        """
    )

    @OptionGroup var admin: AdminOptions

    @Option(help: ArgumentHelp("Ask this node instead, through the mesh (any node answers for any other).", valueName: "name"))
    var node: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let result = try await admin.ask("status", arguments: node.map { ["at_node": $0] } ?? [:])
        if json {
            print(try JSONOutput.render(result))
        } else {
            print(StatusTable.status(try result.decode(as: StatusReport.self)))
        }
    }
}

/// `nodeagent members`: the fleet as this node's gossip sees it.
struct MembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Show every member of the fleet as this node sees it (gossip membership).",
        discussion: """
        Status is alive, suspect (missed probes; dead unless it answers within the suspicion timeout),         dead or left (stopped gracefully). The incarnation grows each time a member refutes a         suspicion or restarts. Works on any node. --json shape: node, members[] with name, role,         address, status, incarnation, lastHeardMillisecondsAgo, rttMilliseconds, agentVersion, isSelf.
        """
    )

    @OptionGroup var admin: AdminOptions

    @Option(help: ArgumentHelp("Ask this node instead, through the mesh (any node answers for any other).", valueName: "name"))
    var node: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let result = try await admin.ask("members", arguments: node.map { ["at_node": $0] } ?? [:])
        if json {
            print(try JSONOutput.render(result))
        } else {
            print(StatusTable.members(try result.decode(as: MembersReport.self)))
        }
    }
}

/// `nodeagent reload`: what SIGHUP does, through the admin API.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reload the agent's config and certificates (same as systemctl reload nodeagent).",
        discussion: "An admin mutation: allowed on the local socket and for admin certificates only."
    )

    @OptionGroup var admin: AdminOptions

    func run() async throws {
        let result = try await admin.ask("reload")
        print(try JSONOutput.render(result))
    }
}

/// Pretty, key-sorted JSON for `--json` output.
enum JSONOutput {
    static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
