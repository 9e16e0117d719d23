/// What "this node is back" means after its steps: its health checks pass without a break for
/// `minHealthyMilliseconds`, reached within `deadlineMilliseconds` of the last step, else the node
/// has failed. Empty `checks` means every check the node's configuration has.
public struct HealthGate: Hashable, Codable, Sendable {
    public var checks: [String]
    public var minHealthyMilliseconds: Int
    public var deadlineMilliseconds: Int

    /// No gate at all: the node's turn ends with its last step (ad-hoc commands).
    public static let none = HealthGate(checks: [], minHealthyMilliseconds: 0, deadlineMilliseconds: 0)

    public var isNone: Bool { deadlineMilliseconds == 0 }

    public init(checks: [String] = [], minHealthyMilliseconds: Int = 5_000, deadlineMilliseconds: Int = 120_000) {
        self.checks = checks
        self.minHealthyMilliseconds = minHealthyMilliseconds
        self.deadlineMilliseconds = deadlineMilliseconds
    }
}
