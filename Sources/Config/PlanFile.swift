import Operations
import TOMLKit

/// Reads an operation plan from TOML with the same rules as the node config: every key known, every
/// value checked, every error naming its dotted key (`steps[2].timeout_ms: …`). A plan that runs
/// commands as root on a fleet is refused on the first doubt, never guessed at.
public enum PlanFile {
    static let sections = ["name", "description", "targets", "strategy", "health", "vip", "artifacts", "steps", "on_failure"]
    static let stepKeys = ["name", "argv", "shell", "env", "cwd", "timeout_ms", "exit_codes", "retries", "idempotent"]
    /// Default artifact bound: far above an image bundle, far below a disk.
    static let defaultArtifactMegabytes = 8_192

    public static func load(path: String) throws(ConfigError) -> OperationPlan {
        try parse(try ConfigFile.read(path: path))
    }

    public static func parse(_ text: String) throws(ConfigError) -> OperationPlan {
        let root = TableReader(table: try NodeConfig.parseTOML(text), path: "")
        try root.rejectUnknownKeys(known: sections)
        func section(_ name: String) throws(ConfigError) -> TableReader {
            try root.table(name) ?? TableReader(table: TOMLTable(), path: name)
        }
        let name = try root.requiredString("name")
        guard NameRules.isSimpleName(name) else {
            throw .invalid(key: "name", message: "\(Quote.value(name)) is not a plan name; use 1 to 64 of A-Z, a-z, 0-9, '_', '-'")
        }
        let targets = try readTargets(try section("targets"))
        let strategy = try readStrategy(try section("strategy"))
        let health = try readHealth(try section("health"))
        let vip = try readVIP(try section("vip"))
        let artifacts = try readArtifacts(root)
        let steps = try readSteps(root, "steps")
        guard !steps.isEmpty else { throw .missing(key: "steps") }
        let onFailure = try readSteps(root, "on_failure")
        return OperationPlan(name: name, description: try root.string("description") ?? "", targets: targets,
                             strategy: strategy, health: health, vip: vip, artifacts: artifacts,
                             steps: steps, onFailure: onFailure)
    }

    // MARK: Sections

    static func readTargets(_ reader: TableReader) throws(ConfigError) -> PlanTargets {
        try reader.rejectUnknownKeys(known: ["groups", "roles", "nodes"])
        let targets = PlanTargets(groups: try reader.stringArray("groups") ?? [], roles: try reader.stringArray("roles") ?? [],
                                  nodes: try reader.stringArray("nodes") ?? [])
        guard !targets.isEmpty else {
            throw .missing(key: "targets")
        }
        return targets
    }

    static func readStrategy(_ reader: TableReader) throws(ConfigError) -> RolloutStrategy {
        try reader.rejectUnknownKeys(known: ["batch", "max_parallel", "max_failures", "pause_ms"])
        let batch = try readBatch(reader)
        let defaultParallel: Int
        switch batch {
        case .serial: defaultParallel = 1
        case let .count(count): defaultParallel = count
        case .percent: defaultParallel = 1_000
        }
        return RolloutStrategy(batch: batch, maxParallel: try reader.int("max_parallel", in: 1...1_000) ?? defaultParallel,
                               maxFailures: try reader.int("max_failures", in: 0...1_000) ?? 0,
                               pauseMilliseconds: try reader.int("pause_ms", in: 0...86_400_000) ?? 0)
    }

    /// `batch = 2`, `batch = "25%"` or `batch = "serial"` (the default).
    static func readBatch(_ reader: TableReader) throws(ConfigError) -> RolloutStrategy.BatchSize {
        if reader.isInt("batch") {
            let count = try reader.int("batch", in: 1...1_000) ?? 1
            return count == 1 ? .serial : .count(count)
        }
        guard let text = try reader.string("batch") else { return .serial }
        if text == "serial" { return .serial }
        if text.hasSuffix("%"), let percent = Int(text.dropLast()), (1...100).contains(percent) { return .percent(percent) }
        throw .invalid(key: reader.key("batch"), message: "\(Quote.value(text)) is not a batch size; use a number of nodes (2), a percentage (\"25%\") or \"serial\"")
    }

    static func readHealth(_ reader: TableReader) throws(ConfigError) -> HealthGate {
        try reader.rejectUnknownKeys(known: ["checks", "min_healthy_ms", "deadline_ms"])
        let minHealthy = try reader.int("min_healthy_ms", in: 0...3_600_000) ?? 5_000
        let deadline = try reader.int("deadline_ms", in: 1...86_400_000) ?? 120_000
        guard minHealthy < deadline else {
            throw .invalid(key: reader.key("deadline_ms"), message: "\(deadline) must be more than min_healthy_ms (\(minHealthy))")
        }
        let checks = try reader.stringArray("checks") ?? []
        for (index, check) in checks.enumerated() where !NameRules.isSimpleName(check) {
            throw .invalid(key: reader.key("checks") + "[\(index)]", message: "\(Quote.value(check)) is not a check name")
        }
        return HealthGate(checks: checks, minHealthyMilliseconds: minHealthy, deadlineMilliseconds: deadline)
    }

    static func readVIP(_ reader: TableReader) throws(ConfigError) -> VIPPolicy {
        try reader.rejectUnknownKeys(known: ["hand_back", "owners"])
        let mode = try reader.string("hand_back") ?? "stay"
        let owners = try reader.stringTable("owners")
        switch mode {
        case "stay", "return":
            guard owners == nil else {
                throw .invalid(key: reader.key("owners"), message: "is used only with hand_back = \"owners\"")
            }
            return VIPPolicy(handBack: mode == "stay" ? .stay : .return)
        case "owners":
            guard let owners, !owners.isEmpty else { throw .missing(key: reader.key("owners")) }
            return VIPPolicy(handBack: .owners(owners))
        default:
            throw .invalid(key: reader.key("hand_back"), message: "\(Quote.value(mode)) is not a hand-back policy; expected \"stay\", \"return\" or \"owners\"")
        }
    }

    static func readArtifacts(_ root: TableReader) throws(ConfigError) -> [PlanArtifact] {
        var artifacts: [PlanArtifact] = []
        for reader in try root.tableArray("artifacts") {
            try reader.rejectUnknownKeys(known: ["name", "source", "destination", "max_mb"])
            let name = try simpleName(reader)
            guard !artifacts.contains(where: { $0.name == name }) else {
                throw .invalid(key: reader.key("name"), message: "a second artifact named \(Quote.value(name))")
            }
            let source = try reader.requiredString("source")
            guard !source.isEmpty else { throw .invalid(key: reader.key("source"), message: "must not be empty") }
            let destination = try reader.string("destination") ?? source.split(separator: "/").last.map(String.init) ?? name
            guard NameRules.isFileName(destination) else {
                throw .invalid(key: reader.key("destination"), message: "\(Quote.value(destination)) must be a plain file name inside the staging directory")
            }
            let megabytes = try reader.int("max_mb", in: 1...1_048_576) ?? defaultArtifactMegabytes
            artifacts.append(PlanArtifact(name: name, source: source, destination: destination, maxBytes: Int64(megabytes) << 20))
        }
        return artifacts
    }

    static func readSteps(_ root: TableReader, _ section: String) throws(ConfigError) -> [PlanStep] {
        var steps: [PlanStep] = []
        for reader in try root.tableArray(section) {
            let step = try readStep(reader)
            guard !steps.contains(where: { $0.name == step.name }) else {
                throw .invalid(key: reader.key("name"), message: "a second step named \(Quote.value(step.name)) in [[\(section)]]")
            }
            steps.append(step)
        }
        return steps
    }

    // MARK: One step

    static func readStep(_ reader: TableReader) throws(ConfigError) -> PlanStep {
        try reader.rejectUnknownKeys(known: stepKeys)
        let name = try simpleName(reader)
        let command = try readCommand(reader)
        let environment = try reader.stringTable("env") ?? [:]
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) {
            guard NameRules.isEnvironmentName(variable) else {
                throw .invalid(key: reader.key("env") + "." + variable, message: "is not an environment variable name")
            }
            try checkVariables(value, key: reader.key("env") + "." + variable)
        }
        let directory = try reader.nonEmptyString("cwd")
        if let directory {
            guard directory.hasPrefix("/") || directory.hasPrefix("{staging}") else {
                throw .invalid(key: reader.key("cwd"), message: "\(Quote.value(directory)) must be an absolute path")
            }
            try checkVariables(directory, key: reader.key("cwd"))
        }
        let codes = try reader.intArray("exit_codes", in: 0...255) ?? [0]
        guard !codes.isEmpty else { throw .invalid(key: reader.key("exit_codes"), message: "must name at least one exit code") }
        return PlanStep(name: name, command: command, environment: environment, workingDirectory: directory,
                        timeoutMilliseconds: try reader.int("timeout_ms", in: 1...86_400_000) ?? 60_000,
                        acceptedExitCodes: codes.map { Int32($0) }, retries: try reader.int("retries", in: 0...10) ?? 0,
                        idempotent: try reader.bool("idempotent") ?? false)
    }

    /// `argv` (no shell, absolute program) or `shell` (an explicit `/bin/sh -c`), never both.
    static func readCommand(_ reader: TableReader) throws(ConfigError) -> PlanStep.Command {
        let argv = try reader.stringArray("argv")
        let shell = try reader.string("shell")
        switch (argv, shell) {
        case let (argv?, nil):
            guard let program = argv.first else { throw .invalid(key: reader.key("argv"), message: "must name a program") }
            guard program.hasPrefix("/") || program.hasPrefix("{staging}") else {
                throw .invalid(key: reader.key("argv") + "[0]",
                               message: "\(Quote.value(program)) must be an absolute path (no PATH lookup); for a shell command write shell = \"…\"")
            }
            for (index, argument) in argv.enumerated() { try checkVariables(argument, key: reader.key("argv") + "[\(index)]") }
            return .argv(argv)
        case let (nil, script?):
            guard !script.isEmpty else { throw .invalid(key: reader.key("shell"), message: "must not be empty") }
            try checkVariables(script, key: reader.key("shell"))
            return .shell(script)
        case (.some, .some):
            throw .invalid(key: reader.key("shell"), message: "a step has argv or shell, not both")
        case (nil, nil):
            throw .missing(key: reader.key("argv"))
        }
    }

    static func checkVariables(_ text: String, key: String) throws(ConfigError) {
        if let unknown = PlanVariables.unknownNames(in: text).first {
            let known = PlanVariables.names.map { "{\($0)}" }.joined(separator: ", ")
            throw .invalid(key: key, message: "{\(unknown)} is not a plan variable; variables are \(known) (write ${\(unknown)} for a shell's)")
        }
    }

    static func simpleName(_ reader: TableReader) throws(ConfigError) -> String {
        let name = try reader.requiredString("name")
        guard NameRules.isSimpleName(name) else {
            throw .invalid(key: reader.key("name"), message: "\(Quote.value(name)) is not a name; use 1 to 64 of A-Z, a-z, 0-9, '_', '-'")
        }
        return name
    }
}
