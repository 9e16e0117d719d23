import ArgumentParser
import Config
import Foundation

/// `nodeagent config`: work with node configs without starting anything.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Write a node's first config, and validate configs.",
        subcommands: [ConfigInitCommand.self, ConfigCheckCommand.self]
    )
}

/// `nodeagent config check FILE`: the same validation the agent runs at start and on reload.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a config file without starting anything.",
        discussion: """
        Prints `ok` and a summary, or the first problem with the dotted key it concerns, e.g. \
        `network.listen: "127.0.0.1" is not host:port`. Unknown keys are errors (typos must not be \
        silently ignored). Exit status 0 valid, 78 invalid. See dist/nodeagent.example.toml for every key.
        """
    )

    @Argument(help: ArgumentHelp("The config file.", valueName: "file"))
    var file: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        do {
            let config = try NodeConfig.load(path: file)
            if json {
                print(#"{"valid":true,"node":"\#(config.node.name)","role":"\#(config.node.role)"}"#)
            } else {
                print("ok: \(file) — node \(config.node.name) (\(config.node.role)), listen \(config.network.listen), \(config.network.seeds.count) seeds, \(config.vipGroups.count) VIP groups, \(config.checks.count) checks")
            }
        } catch {
            if json {
                let message = String(decoding: (try? JSONEncoder().encode(error.description)) ?? Data("\"\"".utf8), as: UTF8.self)
                print(#"{"valid":false,"error":\#(message)}"#)
            } else {
                FileHandle.standardError.write(Data("\(file): \(error.description)\n".utf8))
            }
            throw ExitCode(78)
        }
    }
}
