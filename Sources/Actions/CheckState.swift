/// The health of one check as the agent reports it. A check starts `unknown` so that a freshly
/// started node never claims health (and with it a VIP) before its probes have said so.
public enum CheckState: String, Sendable, Equatable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// No verdict yet: fewer than `fall` failures or `rise` successes in a row since start.
    case unknown
    /// The last `rise` (or more) results in a row were successes.
    case passing
    /// The last `fall` (or more) results in a row were failures.
    case failing

    public var description: String { rawValue }
}
