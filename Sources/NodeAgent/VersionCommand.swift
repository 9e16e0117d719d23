import AgentCore
import ArgumentParser

/// `nodeagent version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the agent's version.")

    @Flag(help: "Print JSON.")
    var json = false

    func run() {
        if json {
            print(#"{"version":"\#(AgentVersion.current)","protocol":"\#(AgentVersion.protocolDescription)"}"#)
        } else {
            print("nodeagent \(AgentVersion.current) (\(AgentVersion.protocolDescription))")
        }
    }
}
