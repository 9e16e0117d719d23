import Actions
import Operations

/// One attempt in `nodeagent op logs`: what the fleet state recorded and what its node kept (exit
/// code, duration, head and tail of the output). Field names are the stable `--json` shape.
public struct AttemptLog: Codable, Sendable, Equatable {
    public var node: String
    public var step: String
    public var attempt: Int
    /// The outcome the coordinator recorded (nil: not recorded yet).
    public var recorded: String?
    /// What the node's journal says; nil when the node did not answer or has no result yet.
    public var outcome: String?
    public var exitCode: Int32?
    public var durationMilliseconds: Int?
    public var standardOutput: String?
    public var standardError: String?
    public var droppedBytes: Int?
    public var detail: String?

    init(_ id: AttemptID, stepName: String, recorded: StepOutcome?, result: StepResult?) {
        node = id.node
        step = stepName
        attempt = id.attempt
        self.recorded = recorded.map { "\($0)" }
        outcome = result.map { "\($0.outcome)" }
        exitCode = result?.exitCode
        durationMilliseconds = result?.durationMilliseconds
        standardOutput = result?.standardOutput.text
        standardError = result?.standardError.text
        droppedBytes = result.map { $0.standardOutput.dropped + $0.standardError.dropped }
        detail = result?.detail
    }
}
