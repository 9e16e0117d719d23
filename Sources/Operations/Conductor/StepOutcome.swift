/// How an attempt ended, as the node saw it (the states of SSM's and TAT's command invocations).
public enum StepOutcome: Hashable, Codable, Sendable, CustomStringConvertible {
    case succeeded
    /// Exited with a code the step does not accept, or was killed by a signal (`exitCode` nil).
    case failed(exitCode: Int32?)
    case timedOut
    case cancelled
    /// Nobody can say whether it ran to the end: the node restarted mid-step, or cannot be asked.
    case unknown

    public var description: String {
        switch self {
        case .succeeded: "succeeded"
        case let .failed(code): code.map { "failed (exit \($0))" } ?? "failed (killed)"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .unknown: "unknown"
        }
    }
}
