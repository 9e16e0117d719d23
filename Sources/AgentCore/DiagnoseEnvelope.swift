import Diagnose

/// What nodes say to each other in `diagnose` frames. The token pairs an answer with the waiting
/// request, so a late answer to a request that gave up is dropped.
enum DiagnoseEnvelope: Codable, Sendable {
    case request(token: UInt64)
    case report(token: UInt64, DiagnosticReport)
}
