import AgentCore
import ArgumentParser
import Config
import Foundation
import Operations

/// `nodeagent op run`: lays the plan out on the fleet as it is now (as `op plan` shows it) and starts it.
struct OperationRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start an operation: the plan, laid out on the fleet as it is now, run by the coordinator.",
        discussion: """
        The rollout (batches, VIP moves, steps per node) is committed to the fleet state with your admin \
        identity; the coordinator carries it out and, if it dies, the next one carries on from the \
        recorded progress. A step recorded as started is never started again: its node is asked what \
        happened. Check first with `nodeagent op plan FILE`. The plan's artifacts go first: \
        uploaded to the agent asked (resuming an interrupted upload), sent from it to every target over the \
        mesh, checked by sha256 and renamed into place in the target's staging directory ({staging} in \
        steps); the operation starts only when every target has every file. With --follow, progress is printed until the \
        operation ends; the exit status is 0 when it finished, 2 when it halted or was cancelled.
        """
    )

    @OptionGroup var admin: AdminOptions
    @Argument(help: ArgumentHelp("The plan file (TOML).", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("Name the operation (default: the plan's name and the time).", valueName: "id")) var id: String?
    @Flag(help: "Print progress until the operation ends.") var follow = false

    func run() async throws {
        let plan: OperationPlan
        do {
            plan = try PlanFile.load(path: file)
        } catch {
            throw CLIError("\(file): \(error.description)")
        }
        let fleet = try await OperationPlanCommand.topology(admin: admin, file: nil)
        let rollout: Rollout
        do {
            rollout = try RolloutPlanner.lay(plan, on: fleet, staging: "{staging}")
        } catch {
            throw CLIError("\(file): \(error.description)")
        }
        let name = id ?? Self.defaultID(plan.name)
        let targets = rollout.batches.flatMap { $0.nodes.map(\.node) }
        let planDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try await ArtifactUpload(admin: admin, operation: name, planDirectory: planDirectory).run(plan.artifacts, to: targets)
        let text = String(decoding: try JSONEncoder().encode(rollout), as: UTF8.self)
        _ = try await admin.ask("op-start", arguments: ["id": name, "rollout": text])
        print("operation \(name) started: \(rollout.nodeCount) node(s) in \(rollout.batches.count) batch(es)")
        if follow { try await OperationStatusCommand.follow(admin: admin, id: name) }
    }

    static func defaultID(_ plan: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(plan)-\(formatter.string(from: Date()))"
    }
}

/// `nodeagent op status`: operations and their nodes' progress.
struct OperationStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show operations (all, or one) and where each node stands: pending, running step S, done, failed, skipped, cancelled (its turn cut by op cancel).",
        discussion: "--json shape: [{id, plan, admin, status, reason, nodes[] {name, batch, state, step, detail}, handovers, records}]"
    )

    @OptionGroup var admin: AdminOptions
    @Argument(help: "The operation (default: all).") var id: String?
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Print progress until the operation ends (needs an operation id).") var follow = false

    func run() async throws {
        if follow {
            guard let id else { throw CLIError("--follow needs an operation id") }
            try await Self.follow(admin: admin, id: id)
            return
        }
        let result = try await admin.ask("op-status", arguments: id.map { ["id": $0] } ?? [:])
        if json {
            print(try JSONOutput.render(result))
        } else {
            let reports = try result.decode(as: [OperationReport].self)
            print(reports.isEmpty ? "no operations" : reports.map(Self.render).joined(separator: "\n\n"))
        }
    }

    static func render(_ report: OperationReport) -> String {
        var lines = ["\(report.id)  \(report.status.uppercased())  plan \(report.plan), started by \(report.admin)"]
        if let reason = report.reason { lines.append("  reason: \(reason)") }
        for node in report.nodes {
            let step = node.step.map { "  \($0)" } ?? ""
            let detail = node.detail.map { "  (\($0))" } ?? ""
            lines.append("  batch \(node.batch)  \(node.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(node.state)\(step)\(detail)")
        }
        return lines.joined(separator: "\n")
    }

    /// Prints the operation whenever it changes, until it ends; throws (exit 2) unless it finished.
    static func follow(admin: AdminOptions, id: String) async throws {
        var last = ""
        while true {
            let reports = try await admin.ask("op-status", arguments: ["id": id]).decode(as: [OperationReport].self)
            guard let report = reports.first else { throw CLIError("no operation named \(id)") }
            let text = render(report)
            if text != last {
                print(text + "\n")
                last = text
            }
            switch report.status {
            case "finished": return
            case "halted", "cancelled": throw ExitCode(2)
            default: try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}

struct OperationCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel an operation: running steps are stopped with their process group; VIPs stay where they are, pins too.")
    @OptionGroup var admin: AdminOptions
    @Argument(help: "The operation.") var id: String

    func run() async throws {
        print(try JSONOutput.render(try await admin.ask("op-cancel", arguments: ["id": id])))
    }
}

struct OperationPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause an operation: steps running now finish; nothing new starts until op resume.")
    @OptionGroup var admin: AdminOptions
    @Argument(help: "The operation.") var id: String

    func run() async throws {
        print(try JSONOutput.render(try await admin.ask("op-pause", arguments: ["id": id])))
    }
}

struct OperationResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused or halted operation.",
        discussion: """
        An operation halts on a step that is not idempotent when nobody can learn whether it ran (its node \
        restarted mid-step). Look at the node, then say --retry-step (run it again) or --skip-step (count it \
        as done). A halt for too many failed nodes resumes only to halt again: cancel it instead.
        """)
    @OptionGroup var admin: AdminOptions
    @Argument(help: "The operation.") var id: String
    @Flag(help: "Run the step the operation halted on again.") var retryStep = false
    @Flag(help: "Count the step the operation halted on as done.") var skipStep = false

    func run() async throws {
        guard !(retryStep && skipStep) else { throw CLIError("say --retry-step or --skip-step, not both") }
        var arguments = ["id": id]
        if retryStep { arguments["decision"] = "retry-step" }
        if skipStep { arguments["decision"] = "skip-step" }
        print(try JSONOutput.render(try await admin.ask("op-resume", arguments: arguments)))
    }
}
