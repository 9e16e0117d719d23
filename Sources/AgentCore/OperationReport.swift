import Operations
import Quorum

/// The answer to `nodeagent op status`: an operation and where each of its nodes stands. Field names
/// are the stable `--json` shape.
public struct OperationReport: Codable, Sendable, Equatable {
    public struct Node: Codable, Sendable, Equatable {
        public var name: String
        public var batch: Int
        /// pending, running, done, failed, skipped; cancelled: its turn was begun and cut by `op cancel`
        /// (`step` says where).
        public var state: String
        /// The step running or last run, e.g. "3/7 load-images (attempt 1)".
        public var step: String?
        public var detail: String?
    }

    public var id: String
    public var plan: String
    public var admin: String
    /// running, paused, halted, cancelled, finished.
    public var status: String
    /// Why it halted, and what the operator may decide.
    public var reason: String?
    public var nodes: [Node]
    public var handovers: Int
    public var records: Int

    init(_ operation: FleetOperation) {
        let progress = operation.progress
        id = operation.id
        plan = operation.rollout.plan.name
        admin = operation.admin
        switch progress.status {
        case .running: status = "running"
        case .paused: status = "paused"
        case let .halted(why): (status, reason) = ("halted", why)
        case .cancelled: status = "cancelled"
        case .finished: status = "finished"
        }
        handovers = operation.rollout.handoverCount
        records = operation.records.count
        nodes = operation.rollout.batches.enumerated().flatMap { batch, content in
            content.nodes.map { work in
                var node = Self.node(work, batch: batch + 1, operation: operation.id, progress: progress)
                // Nothing runs in an operation that has ended: a turn it cut is not "running".
                if progress.cancelled, node.state == "running" { node.state = "cancelled" }
                return node
            }
        }
    }

    static func node(_ work: NodeWork, batch: Int, operation: String, progress: OperationProgress) -> Node {
        if let reason = progress.skipped[work.node] { return Node(name: work.node, batch: batch, state: "skipped", detail: reason) }
        let steps = work.steps + work.onFailure
        var last: (Int, Int)?
        for index in steps.indices.reversed() {
            let attempt = progress.lastAttempt(operation: operation, node: work.node, step: index)
            if attempt > 0 { last = (index, attempt); break }
        }
        let stepText = last.map { index, attempt in
            "\(index + 1)/\(work.steps.count) \(steps[index].name) (attempt \(attempt))"
                + (index >= work.steps.count ? " [on_failure]" : "")
        }
        if let reason = progress.failed[work.node] { return Node(name: work.node, batch: batch, state: "failed", step: stepText, detail: reason) }
        let gate = work.before.count + work.steps.count
        if progress.actionsDone[work.node]?.contains(gate) == true { return Node(name: work.node, batch: batch, state: "done", step: stepText) }
        guard let (index, attempt) = last else {
            let begun = !(progress.actionsDone[work.node] ?? []).isEmpty
            return Node(name: work.node, batch: batch, state: begun ? "running" : "pending", step: begun ? "VIP moves" : nil)
        }
        let id = AttemptID(operation: operation, node: work.node, step: index, attempt: attempt)
        let detail = progress.outcomes[id].map { "last: \($0)" } ?? "in progress"
        let allDone = index == work.steps.count - 1 && progress.outcomes[id] == .succeeded
        return Node(name: work.node, batch: batch, state: "running", step: allDone ? "health gate" : stepText, detail: detail)
    }
}
