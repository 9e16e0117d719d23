import Config

/// Turns `config init`'s options, and answers to the questions it asks on a terminal, into a template.
/// Options win; a question is asked only for what is missing, and without a terminal every missing
/// answer is named in one error, so a script learns all of them at once.
struct ConfigInitAnswers {
    let command: ConfigInitCommand
    let prompter: ConfigPrompter
    private var missing: [String] = []

    init(command: ConfigInitCommand, prompter: ConfigPrompter) {
        self.command = command
        self.prompter = prompter
    }

    mutating func template() throws -> ConfigTemplate {
        let name = required(command.name, "--name", "This node's name (as in its certificate, e.g. app1)")
        let role = required(command.role, "--role", "Its role (app, int, db)")
        var advertise = command.advertise
        if advertise == nil && Self.isWildcard(command.listen) {
            advertise = required(nil, "--advertise", "The address other nodes dial to reach it (host:port)")
        }
        var seeds = command.seeds
        if seeds.isEmpty, let list = prompter.ask("The fleet's seed nodes, host:port separated by spaces", default: advertise) {
            seeds = list.split(separator: " ").map(String.init)
        }
        let voterList = required(command.voters, "--voters",
                                 "The fleet's voters, comma-separated, the same list on every node (e.g. app1,app2,int1,int2,db1)")
        let voters = (voterList ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let group = try vipGroup()
        guard missing.isEmpty else {
            throw CLIError("missing \(missing.joined(separator: ", ")) (on a terminal, config init asks for them)")
        }
        return ConfigTemplate(
            name: name ?? "", role: role ?? "", voter: command.voter, listen: command.listen, advertise: advertise,
            seeds: seeds, voters: voters, tlsDirectory: command.tlsDirectory,
            httpLoopback: command.noHTTPLoopback ? nil : command.httpLoopback, vipGroup: group)
    }

    private mutating func vipGroup() throws -> ConfigTemplate.VIPGroup? {
        var name = command.vipGroup
        if name == nil, command.vip == nil, command.members.isEmpty {
            name = prompter.ask("A VIP group this node serves (empty for none)", default: nil)
        }
        guard let name, !name.isEmpty else {
            if command.vip != nil || !command.members.isEmpty { missing.append("--vip-group") }
            return nil
        }
        let vip = required(command.vip, "--vip", "The \(name) VIP with its prefix length (e.g. 10.0.0.100/24)")
        let interface = required(command.interface, "--interface", "The interface keepalived puts it on")
        var memberTexts = command.members
        if memberTexts.isEmpty, let list = prompter.ask("Its members and VRRP priorities, e.g. app1=150 app2=100") {
            memberTexts = list.split(separator: " ").map(String.init)
        }
        if memberTexts.isEmpty { missing.append("--member") }
        let checkURL = command.checkURL ?? prompter.ask("An HTTP URL that must answer 200 on an eligible node (empty for none)")
        return ConfigTemplate.VIPGroup(name: name, vip: vip ?? "", interface: interface ?? "",
                                       members: try Self.members(memberTexts),
                                       checkURL: checkURL.flatMap { $0.isEmpty ? nil : $0 })
    }

    private mutating func required(_ given: String?, _ option: String, _ question: String) -> String? {
        if let given { return given }
        if let answer = prompter.ask(question), !answer.isEmpty { return answer }
        missing.append(option)
        return nil
    }

    /// `node=priority` pairs; the range and the names are checked by the config's own validation.
    static func members(_ texts: [String]) throws -> [String: Int] {
        var members: [String: Int] = [:]
        for text in texts {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let priority = Int(parts[1]) else {
                throw CLIError("--member \(text): expected node=priority, e.g. app1=150")
            }
            guard members[parts[0]] == nil else { throw CLIError("--member \(parts[0]) is given twice") }
            members[parts[0]] = priority
        }
        return members
    }

    private static func isWildcard(_ listen: String) -> Bool {
        listen.hasPrefix("0.0.0.0:") || listen.hasPrefix("[::]:")
    }
}
