/// One sample of one policy's signal for one subject (a replica, a VIP group, a check), as the
/// sampler read it. Each case fits the rules that read it; a mismatched case is treated as unavailable.
public enum EventReading: Sendable, Hashable {
    /// The condition holds (`bad`) or not.
    case condition(bad: Bool, evidence: String)
    /// A measured value in the unit of the policy's threshold.
    case measure(Double, evidence: String)
    /// Who is in a role now (a Patroni leader); nil when nobody is known.
    case identity(String?, evidence: String)
    /// A counter that only rises (deadlocks since the statistics were reset).
    case counter(Double, evidence: String)
    /// Occurrences since the last reading (OOM kills).
    case occurrences(Int, evidence: String)
    /// No sample this time: the source did not answer in a way that says anything about this policy.
    /// The detector keeps its state; it neither fires nor clears on silence.
    case unavailable(String)

    public var evidence: String {
        switch self {
        case let .condition(_, evidence), let .measure(_, evidence), let .identity(_, evidence),
             let .counter(_, evidence), let .occurrences(_, evidence):
            evidence
        case let .unavailable(reason):
            reason
        }
    }
}
