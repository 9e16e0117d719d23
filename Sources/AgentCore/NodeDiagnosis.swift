import Diagnose

/// One node's row group in `diagnose --all`: its report, or why there is none.
public struct NodeDiagnosis: Codable, Sendable, Equatable {
    public var node: String
    public var report: DiagnosticReport?
    /// "no answer within 8 s" and the like; nil when the report is there.
    public var problem: String?

    public init(node: String, report: DiagnosticReport?, problem: String?) {
        self.node = node
        self.report = report
        self.problem = problem
    }
}
