import Operations

/// What a node knows about an attempt that ended.
public struct StepResult: Hashable, Codable, Sendable {
    public var outcome: StepOutcome
    public var exitCode: Int32?
    /// The signal that ended it, when one did.
    public var signal: Int32?
    public var durationMilliseconds: Int
    public var standardOutput: OutputWindow
    public var standardError: OutputWindow
    /// Why it could not start, when it could not.
    public var detail: String?

    public init(outcome: StepOutcome, exitCode: Int32? = nil, signal: Int32? = nil, durationMilliseconds: Int = 0,
                standardOutput: OutputWindow = OutputWindow(), standardError: OutputWindow = OutputWindow(), detail: String? = nil) {
        self.outcome = outcome
        self.exitCode = exitCode
        self.signal = signal
        self.durationMilliseconds = durationMilliseconds
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.detail = detail
    }
}
