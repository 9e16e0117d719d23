/// One step a node runs: a program with its arguments, as its own process group, killed with the
/// group at the timeout.
///
/// `idempotent` is the operator's promise that running the step twice does no harm. It decides what
/// happens when a coordinator dies and nobody can learn whether the step ran: an idempotent step is
/// run again, any other halts the operation for the operator (invariant 6).
public struct PlanStep: Hashable, Codable, Sendable {
    public enum Command: Hashable, Codable, Sendable {
        /// Run directly: no shell, `argv[0]` an absolute path.
        case argv([String])
        /// Run by `/bin/sh -c`, only when the plan asks for a shell explicitly.
        case shell(String)
    }

    public var name: String
    public var command: Command
    public var environment: [String: String]
    public var workingDirectory: String?
    public var timeoutMilliseconds: Int
    /// Exit codes that count as success.
    public var acceptedExitCodes: [Int32]
    /// Further attempts after a failed one (not after a timeout of a step that is not idempotent).
    public var retries: Int
    public var idempotent: Bool

    public init(name: String, command: Command, environment: [String: String] = [:], workingDirectory: String? = nil,
                timeoutMilliseconds: Int = 60_000, acceptedExitCodes: [Int32] = [0], retries: Int = 0, idempotent: Bool = false) {
        self.name = name
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutMilliseconds = timeoutMilliseconds
        self.acceptedExitCodes = acceptedExitCodes
        self.retries = retries
        self.idempotent = idempotent
    }

    /// The argv the node runs.
    public var argv: [String] {
        switch command {
        case let .argv(argv): argv
        case let .shell(script): ["/bin/sh", "-c", script]
        }
    }

    /// This step with `{node}`, `{role}`, `{group}` and `{staging}` replaced for one node.
    public func expanded(with variables: PlanVariables) -> PlanStep {
        var step = self
        switch command {
        case let .argv(argv): step.command = .argv(argv.map(variables.expand))
        case let .shell(script): step.command = .shell(variables.expand(script))
        }
        step.environment = environment.mapValues(variables.expand)
        step.workingDirectory = workingDirectory.map(variables.expand)
        return step
    }
}
