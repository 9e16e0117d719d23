/// One check's verdict: what it looked at (`evidence`, with the figures) and, unless it is `ok`, what
/// an operator should do about it (`remedy`, concrete commands rather than advice).
public struct Finding: Codable, Sendable, Equatable {
    /// The check's name, as `nodeagent diagnose --help` lists it.
    public var check: String
    public var status: DiagnosticStatus
    public var evidence: String
    /// Empty when there is nothing to do.
    public var remedy: String

    public init(check: String, status: DiagnosticStatus, evidence: String, remedy: String = "") {
        self.check = check
        self.status = status
        self.evidence = evidence
        self.remedy = remedy
    }

    /// A check that could not judge: its source is missing or did not parse. `why` becomes the evidence.
    public static func unknown(_ check: String, _ why: String, remedy: String = "") -> Finding {
        Finding(check: check, status: .unknown, evidence: why, remedy: remedy)
    }
}
