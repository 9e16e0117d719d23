import AgentCore
import ArgumentParser
import Foundation

/// `nodeagent demo`: the embedded default, a whole fleet on loopback.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a demo fleet on this machine and show it live.",
        discussion: """
        Makes a fleet CA and one certificate per node, writes one config per node, starts the agents as \
        child processes on loopback addresses 127.0.0.11, .12, … (port 17946) and shows a live table \
        until Ctrl-C or --duration. Every agent it started is stopped when it ends, whatever the way; \
        without --dir its temporary folder is removed too.

        Default fleet: app1 app2 (app pair), int1 int2 (int pair), db1; more nodes are db2, db3, …
        Exit status: 0 fine, 1 an agent died, 2 the fleet never became fully connected.
        """
    )

    @Option(help: "How many agents (2…50).")
    var nodes = 5

    @Option(help: ArgumentHelp("Keep configs, certificates and logs in this folder.", valueName: "dir"))
    var dir: String?

    @Option(help: ArgumentHelp("Stop after this many seconds (default: until Ctrl-C).", valueName: "seconds"))
    var duration: Double?

    @Option(help: "The TCP port the agents listen on (each on its own loopback address).")
    var port = 17946

    func validate() throws {
        guard (2...50).contains(nodes) else { throw ValidationError("--nodes must be between 2 and 50") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1…65535") }
    }

    func run() async throws {
        let options = DemoOptions(
            nodes: nodes, directory: dir, duration: duration.map { .milliseconds(Int($0 * 1000)) }, port: port,
            executable: Executable.path)
        let code = await (try DemoFleet(options: options)).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Where this very binary lives, so the demo starts the same build.
enum Executable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
