/// Runs one probe of a check. `CheckRunner` takes any conformer, so the agent uses `CheckProber`
/// and a test can script results.
public protocol HealthProber: Sendable {
    /// Runs the probe within `timeout`. Never throws: every failure is a result with a detail.
    func probe(_ kind: ProbeKind, timeout: Duration) async -> ProbeResult
}
