import AgentCore
import ArgumentParser
import Events
import Foundation

/// `nodeagent events`: what fired and cleared on this node (or any other, or all), the daily counts
/// per policy, and the policies themselves.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Events with detection policies: what fired and cleared, daily counts, the policies.",
        discussion: """
        Every node watches its own events once a second: the fleet's (member dead, quorum lost, split \
        brain, VIP without a holder, check failing, certificate expiring, OOM kills) and, on a node with \
        a [database] section, PostgreSQL, Patroni, etcd and HAProxy's. An event fires once when its \
        policy's condition holds and once when it clears; both go to journald (PRIORITY from the \
        severity: fatal crit, critical err, normal warning; clears notice; fields NODEAGENT_EVENT=\
        event_fired|event_cleared, NODEAGENT_POLICY, NODEAGENT_SEVERITY, NODEAGENT_SUBJECT, \
        NODEAGENT_EVIDENCE) and to the node's history (the newest 2000, kept across restarts).

        Examples:
          nodeagent events                               this node's history
          nodeagent events --all-nodes --since 1h        every node's, merged by time
          nodeagent events --node db2 --severity critical
          nodeagent events summary --all-nodes           daily trigger counts per policy
          nodeagent events policies                      the policies in effect
          nodeagent events policy set replication_lag --param lag_threshold_sec=10
        """,
        subcommands: [EventsListCommand.self, EventsSummaryCommand.self, EventsPoliciesCommand.self, EventsPolicyCommand.self],
        defaultSubcommand: EventsListCommand.self
    )
}

/// Which nodes to ask, and from when.
struct EventScope: ParsableArguments {
    @Option(help: ArgumentHelp("Ask this node (through the mesh) instead of the one the CLI talks to.", valueName: "name"))
    var node: String?

    @Flag(help: "Ask every connected node, and merge the answers by time.")
    var allNodes = false

    @Option(help: ArgumentHelp("Only since then: 30m, 2h, 7d, an ISO 8601 time (2026-12-03T08:00:00Z) or seconds since 1970.", valueName: "when"))
    var since: String?

    func arguments() throws -> [String: String] {
        if allNodes, node != nil { throw CLIError("--node and --all-nodes exclude each other") }
        var arguments: [String: String] = [:]
        if allNodes { arguments["all_nodes"] = "true" }
        if let node { arguments["node"] = node }
        if let since { arguments["since"] = String(try Self.time(since)) }
        return arguments
    }

    static func time(_ text: String, now: Date = Date()) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0 {
            return now.timeIntervalSince1970 - amount * unit
        }
        if let date = ISO8601DateFormatter().date(from: text) { return date.timeIntervalSince1970 }
        if let seconds = Double(text), seconds >= 0 { return seconds }
        throw CLIError("--since takes 30m, 2h, 7d, an ISO 8601 time or seconds since 1970, got \"\(text)\"")
    }
}

struct EventsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "What fired and cleared, oldest first (the default).")

    @OptionGroup var admin: AdminOptions
    @OptionGroup var scope: EventScope

    @Option(help: ArgumentHelp("Only this severity and more severe ones: fatal, critical or normal.", valueName: "level"))
    var severity: String?

    @Option(help: ArgumentHelp("Only this policy.", valueName: "name"))
    var policy: String?

    @Option(help: ArgumentHelp("At most this many records, the newest.", valueName: "count"))
    var limit: Int?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        var arguments = try scope.arguments()
        if let severity {
            guard EventSeverity(rawValue: severity) != nil else { throw CLIError("--severity takes fatal, critical or normal, got \"\(severity)\"") }
            arguments["severity"] = severity
        }
        if let policy { arguments["policy"] = policy }
        if let limit { arguments["limit"] = String(limit) }
        let result = try await admin.ask("events", arguments: arguments)
        if json {
            print(try JSONOutput.render(result))
            return
        }
        print(EventText.records(try result.decode(as: EventsReport.self), showNode: scope.allNodes || scope.node != nil))
    }
}

struct EventsSummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "How many times each policy fired, per day (UTC).")

    @OptionGroup var admin: AdminOptions
    @OptionGroup var scope: EventScope

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let result = try await admin.ask("events-summary", arguments: try scope.arguments())
        if json {
            print(try JSONOutput.render(result))
            return
        }
        print(EventText.summary(try result.decode(as: EventSummaryReport.self)))
    }
}

struct EventsPoliciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policies", abstract: "The event policies in effect across the fleet.")

    @OptionGroup var admin: AdminOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Show each policy's remedy too.")
    var remedies = false

    func run() async throws {
        let result = try await admin.ask("events-policies")
        if json {
            print(try JSONOutput.render(result))
            return
        }
        print(EventText.policies(try result.decode(as: [EventPolicyReport].self), remedies: remedies))
    }
}

struct EventsPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Change an event policy.",
                                                    subcommands: [EventsPolicySetCommand.self])
}

struct EventsPolicySetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a policy for the whole fleet (committed through the coordinator; admin certificates or the local socket).",
        discussion: """
        The change is kept in the replicated fleet state, so every node detects with it and a node \
        that joins later inherits it. Mandatory policies (the faults that make the database or the \
        fleet unavailable) refuse --enabled false. Examples:
          nodeagent events policy set replication_lag --param lag_threshold_sec=10 --param sample_count=3
          nodeagent events policy set cache_hit_low --enabled false
          nodeagent events policy set deadlocks --severity critical
        """
    )

    @OptionGroup var admin: AdminOptions

    @Argument(help: "The policy, as `nodeagent events policies` names it.")
    var name: String

    @Option(help: ArgumentHelp("true or false.", valueName: "bool"))
    var enabled: Bool?

    @Option(help: ArgumentHelp("fatal, critical or normal.", valueName: "level"))
    var severity: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter, KEY=VALUE; repeat for several.", valueName: "key=value"))
    var parameters: [String] = []

    func run() async throws {
        var arguments = ["name": name]
        if let enabled { arguments["enabled"] = String(enabled) }
        if let severity { arguments["severity"] = severity }
        if let bad = parameters.first(where: { !$0.contains("=") || $0.contains(",") }) {
            throw CLIError("--param takes KEY=VALUE (one per --param), got \"\(bad)\"")
        }
        if !parameters.isEmpty { arguments["params"] = parameters.joined(separator: ",") }
        let result = try await admin.ask("events-policy-set", arguments: arguments)
        let index = (try? result.decode(as: Committed.self)).map { " (committed at index \($0.index))" } ?? ""
        print("event policy \(name) changed for the whole fleet\(index)")
    }

    private struct Committed: Decodable {
        let index: Int
    }
}
