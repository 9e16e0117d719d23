#if os(Linux)
/// Everything the lab harness can fail at, as values, so a failing lab test says which step broke
/// and with what output instead of crashing or hanging.
enum LabError: Error, CustomStringConvertible, Equatable {
    /// The machine cannot run the lab (not root, a tool missing); the text says what to install or do.
    case unavailable(String)
    /// A command exited with a status other than the one expected.
    case commandFailed(argv: [String], status: Int32, output: String)
    /// A command did not finish within its time limit and was killed.
    case commandTimedOut(argv: [String], limit: Duration)
    /// A process could not be started at all.
    case launchFailed(argv: [String], reason: String)
    /// A request the harness refuses because it would break its own rules (bad name, address, size).
    case invalidRequest(String)
    /// A condition awaited with a deadline never came true.
    case timedOut(String)

    var description: String {
        switch self {
        case .unavailable(let reason):
            return "lab unavailable: \(reason)"
        case .commandFailed(let argv, let status, let output):
            let tail = output.count > 600 ? "…" + output.suffix(600) : Substring(output)
            return "command failed with status \(status): \(argv.joined(separator: " "))\n\(tail)"
        case .commandTimedOut(let argv, let limit):
            return "command killed after \(limit): \(argv.joined(separator: " "))"
        case .launchFailed(let argv, let reason):
            return "could not start \(argv.joined(separator: " ")): \(reason)"
        case .invalidRequest(let reason):
            return "invalid lab request: \(reason)"
        case .timedOut(let what):
            return "timed out waiting for \(what)"
        }
    }
}
#endif
