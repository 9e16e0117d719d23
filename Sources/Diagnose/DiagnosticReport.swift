import Foundation

/// What one node found about itself: every check's finding, in catalogue order.
public struct DiagnosticReport: Codable, Sendable, Equatable {
    public var node: String
    public var findings: [Finding]
    /// When the node ran the checks.
    public var at: Date
    /// How long the checks took together, in milliseconds (they run side by side, each bounded).
    public var elapsedMs: Int

    public init(node: String, findings: [Finding], at: Date, elapsedMs: Int) {
        self.node = node
        self.findings = findings
        self.at = at
        self.elapsedMs = elapsedMs
    }

    /// The worst status among the findings (`ok` when there are none).
    public var worst: DiagnosticStatus {
        findings.map(\.status).max { $0.severity < $1.severity } ?? .ok
    }
}
