/// What "this node is back" means after its steps: its health checks pass without a break for
/// `minHealthyMilliseconds`, reached within `deadlineMilliseconds` of the last step, else the node
/// has failed. Empty `checks` means every check the node's configuration has.
public struct HealthGate: Hashable, Codable, Sendable {
    public var checks: [String]
    public var minHealthyMilliseconds: Int
    public var deadlineMilliseconds: Int

    public init(checks: [String] = [], minHealthyMilliseconds: Int = 5_000, deadlineMilliseconds: Int = 120_000) {
        self.checks = checks
        self.minHealthyMilliseconds = minHealthyMilliseconds
        self.deadlineMilliseconds = deadlineMilliseconds
    }
}
