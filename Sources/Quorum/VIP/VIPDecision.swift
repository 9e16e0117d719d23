/// The arbiter's answer for one group: who should own it, why, and why the others may not.
public struct VIPDecision: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The node that should hold the grant, or nil when nobody may.
    public var owner: NodeID?
    public var reason: VIPDecisionReason
    /// Members other than the owner that are not eligible, with the first reason found for each; shown by
    /// admin queries so an operator sees why a node was passed over.
    public var excluded: [NodeID: VIPIneligibility]
    /// Set when a pin exists but could not be followed, with the reason.
    public var pinSetAside: VIPIneligibility?

    public init(owner: NodeID?, reason: VIPDecisionReason, excluded: [NodeID: VIPIneligibility] = [:],
                pinSetAside: VIPIneligibility? = nil) {
        self.owner = owner
        self.reason = reason
        self.excluded = excluded
        self.pinSetAside = pinSetAside
    }

    /// One line for logs and admin output, e.g.
    /// `app2: app2 is the eligible member with the highest priority (100); excluded: app1 (checks failing)`.
    public var description: String {
        var text = "\(owner?.description ?? "none"): \(reason)"
        if let pinSetAside { text += "; pin set aside (\(pinSetAside))" }
        if !excluded.isEmpty {
            let parts = excluded.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            text += "; excluded: " + parts.joined(separator: ", ")
        }
        return text
    }
}
