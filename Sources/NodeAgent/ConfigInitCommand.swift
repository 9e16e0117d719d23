import ArgumentParser
import Config
import Foundation

/// `nodeagent config init`: a node's first config from a few answers, given as options or, on a
/// terminal, asked for. The file is validated exactly as the agent will read it before it is written.
struct ConfigInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write this node's first config file from a few answers.",
        discussion: """
        Options not given are asked for when standard input is a terminal; otherwise the missing ones \
        are named and nothing is written. The file is checked as the agent reads it, then written \
        atomically (mode 0640). An existing file is kept unless it holds only comments (the file the \
        Debian package installs) or --force is given.

        Examples:
          nodeagent config init                                  (asks)
          nodeagent config init --name app1 --role app --advertise 10.0.0.5:7946 \\
              --voters app1,app2,int1,int2,db1 \\
              --seed 10.0.0.5:7946 --seed 10.0.0.6:7946 --seed 10.0.0.7:7946 \\
              --vip-group app --vip 10.0.0.100/24 --interface eth0 \\
              --member app1=150 --member app2=100 --check-url http://127.0.0.1:8080/health
        """
    )

    @Option(help: ArgumentHelp("This node's name; must equal its certificate's name.", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("Its role: app, int, db, …", valueName: "role"))
    var role: String?

    @Flag(inversion: .prefixedNo, help: "Whether it votes for the coordinator.")
    var voter = true

    @Option(help: ArgumentHelp("Where the agent listens for peers.", valueName: "host:port"))
    var listen = ConfigTemplate.defaultListen

    @Option(help: ArgumentHelp("What peers dial to reach it (required with a wildcard --listen).", valueName: "host:port"))
    var advertise: String?

    @Option(name: .customLong("seed"), help: ArgumentHelp("A node contacted at start; repeat it (the same list fits every node).", valueName: "host:port"))
    var seeds: [String] = []

    @Option(help: ArgumentHelp("The fleet's voters, comma-separated: the same list on every node (an odd number).", valueName: "names"))
    var voters: String?

    @Option(name: .customLong("tls-dir"), help: ArgumentHelp("Where ca.pem, NAME.pem and NAME.key are.", valueName: "dir"))
    var tlsDirectory = ConfigTemplate.defaultTLSDirectory

    @Option(help: ArgumentHelp("The read-only HTTP API and dashboard on a loopback address.", valueName: "host:port"))
    var httpLoopback = ConfigTemplate.defaultHTTPLoopback

    @Flag(help: "Leave the loopback HTTP API off.")
    var noHTTPLoopback = false

    @Option(help: ArgumentHelp("A VIP group this node is a member of (e.g. app).", valueName: "name"))
    var vipGroup: String?

    @Option(help: ArgumentHelp("The group's VIP with its prefix length.", valueName: "address/prefix"))
    var vip: String?

    @Option(help: ArgumentHelp("The interface keepalived puts the VIP on.", valueName: "interface"))
    var interface: String?

    @Option(name: .customLong("member"), help: ArgumentHelp("A member of the group and its VRRP priority; repeat it.", valueName: "node=priority"))
    var members: [String] = []

    @Option(help: ArgumentHelp("An HTTP URL that must answer 200 for this node to be eligible.", valueName: "url"))
    var checkURL: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write, or - for standard output.", valueName: "file"))
    var output = "/etc/nodeagent/nodeagent.toml"

    @Flag(help: "Replace an existing file that holds settings.")
    var force = false

    func run() throws {
        var answers = ConfigInitAnswers(command: self, prompter: ConfigPrompter.forStandardInput())
        let template = try answers.template()
        let text = template.render()
        let target = output == "-" ? nil : ConfigFileWriter.absolute(output)
        do {
            // Every path the template writes is absolute, so the base directory does not matter.
            _ = try NodeConfig.parse(text, baseDirectory: "/")
        } catch {
            throw CLIError("not written: \(error.description)")
        }
        guard let target else {
            print(text, terminator: "")
            return
        }
        try ConfigFileWriter(path: target, force: force).write(text)
        print("wrote \(target)")
        printNextSteps(template, path: target)
    }

    private func printNextSteps(_ template: ConfigTemplate, path: String) {
        let ca = template.tlsDirectory + "/ca.pem"
        let cert = template.tlsDirectory + "/" + template.name + ".pem"
        var steps: [String] = []
        if !FileManager.default.fileExists(atPath: ca) {
            steps.append("nodeagent certs init --dir \(template.tlsDirectory)   (once per fleet; copy ca.pem to every node)")
        }
        if !FileManager.default.fileExists(atPath: cert) {
            steps.append("nodeagent certs issue \(template.name) --role \(template.role) --dir \(template.tlsDirectory)")
        }
        steps.append("nodeagent config check \(path)")
        steps.append("systemctl enable --now nodeagent")
        print("next:")
        for step in steps { print("  " + step) }
    }
}
