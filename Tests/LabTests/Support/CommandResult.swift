#if os(Linux)
/// The outcome of one finished short command: status and the merged output, kept so that a failure
/// can be reported with what the tool said.
struct CommandResult: Sendable, Equatable {
    let argv: [String]
    let status: Int32
    let output: String

    var succeeded: Bool { status == 0 }

    /// Returns self when the command succeeded, else the failure as a typed error.
    @discardableResult
    func check() throws -> CommandResult {
        guard succeeded else {
            throw LabError.commandFailed(argv: argv, status: status, output: output)
        }
        return self
    }
}
#endif
