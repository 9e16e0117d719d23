import AgentCore
import ArgumentParser
import Foundation
import Journal

/// `nodeagent agent`: the daemon itself, as systemd runs it.
struct AgentSubcommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the agent daemon (what the systemd unit starts).",
        discussion: """
        Loads the config, listens for peers over mutual TLS, dials the seeds, and serves the admin socket. \
        Tells systemd READY=1 once listening (Type=notify), pings the watchdog from its own event loop, \
        shuts down gracefully on SIGTERM and reloads config and certificates on SIGHUP \
        (`systemctl reload nodeagent`).

        Logs go to journald when its socket exists, else to stderr; force either with \
        NODEAGENT_LOG=journald|stderr. Exit codes: 0 stopped, 78 bad config or certificate, \
        69 cannot listen, 73 cannot create the data directory.
        """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("The node's TOML config.", valueName: "file"))
    var config = "/etc/nodeagent/nodeagent.toml"

    @Flag(help: "Stop when the parent process exits (used by `nodeagent demo`).")
    var exitWithParent = false

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel = "info"

    func run() async throws {
        let target: LogTarget
        do {
            target = try LogTarget.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical")
        }
        LogBootstrap.bootstrap(identifier: "nodeagent", level: level, target: target)
        let code = await Agent.run(configPath: config, exitWithParent: exitWithParent)
        if code != 0 { throw ExitCode(code) }
    }
}

import Logging
