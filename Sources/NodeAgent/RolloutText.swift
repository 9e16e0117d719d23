import Foundation
import Operations

/// The dry run as an operator reads it: one block per batch, the VIP moves around each node, its
/// steps with the variables filled in, the gate, and the hand-back.
enum RolloutText {
    static func render(_ rollout: Rollout) -> String {
        let plan = rollout.plan
        var lines = ["Operation \"\(plan.name)\"" + (plan.description.isEmpty ? "" : ": \(plan.description)"),
                     "  \(rollout.nodeCount) node(s) in \(rollout.batches.count) batch(es), \(strategy(plan.strategy)); "
                        + "VIP handovers: \(rollout.handoverCount); hand-back: \(handBack(plan.vip.handBack))",
                     "  health gate after each node: " + gate(plan.health)]
        if !plan.artifacts.isEmpty {
            lines.append("  artifacts to every target's {staging} first: "
                + plan.artifacts.map { "\($0.source) → \($0.destination) (≤ \($0.maxBytes >> 20) MiB)" }.joined(separator: ", "))
        }
        for warning in rollout.warnings { lines.append("  warning: \(warning)") }
        for (number, batch) in rollout.batches.enumerated() {
            lines.append("")
            lines.append("batch \(number + 1): " + batch.nodes.map(\.node).joined(separator: ", "))
            for work in batch.nodes { lines += node(work) }
            for move in batch.after { lines.append("  then: \(move)") }
        }
        return lines.joined(separator: "\n")
    }

    static func node(_ work: NodeWork) -> [String] {
        var lines = ["  \(work.node) (\(work.role.isEmpty ? "no role" : work.role)"
            + (work.groups.isEmpty ? "" : "; member of \(work.groups.joined(separator: ", "))")
            + (work.holds.isEmpty ? "" : "; holds \(work.holds.joined(separator: ", "))") + ")"]
        for move in work.before { lines.append("    before: \(move)") }
        for (index, step) in work.steps.enumerated() { lines.append("    \(index + 1). " + describe(step)) }
        if !work.onFailure.isEmpty {
            lines.append("    on failure: " + work.onFailure.map(\.name).joined(separator: ", ") + ", then the operation halts")
        }
        return lines
    }

    static func describe(_ step: PlanStep) -> String {
        let command: String
        switch step.command {
        case let .argv(argv): command = argv.joined(separator: " ")
        case let .shell(script):
            let first = script.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
            command = "sh -c \"\(first)\(script.split(separator: "\n").count > 1 ? " …" : "")\""
        }
        var facts = ["timeout \(seconds(step.timeoutMilliseconds))"]
        if step.acceptedExitCodes != [0] { facts.append("exit \(step.acceptedExitCodes.map(String.init).joined(separator: "/"))") }
        if step.retries > 0 { facts.append("\(step.retries) retries") }
        facts.append(step.idempotent ? "idempotent" : "runs at most once")
        return "\(step.name): \(command)" + (step.workingDirectory.map { "  (in \($0))" } ?? "") + "  [\(facts.joined(separator: ", "))]"
    }

    static func strategy(_ strategy: RolloutStrategy) -> String {
        let batch: String
        switch strategy.batch {
        case .serial: batch = "serial"
        case let .count(count): batch = "batches of \(count)"
        case let .percent(percent): batch = "batches of \(percent) %"
        }
        let failures = strategy.maxFailures == 0 ? "halts at the first failure" : "tolerates \(strategy.maxFailures) failed node(s)"
        return batch + ", " + failures
    }

    static func handBack(_ policy: VIPPolicy.HandBack) -> String {
        switch policy {
        case .stay: "stay"
        case .return: "return to the original holder"
        case let .owners(owners): "owners " + owners.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
        }
    }

    static func gate(_ gate: HealthGate) -> String {
        let checks = gate.checks.isEmpty ? "every check" : "checks " + gate.checks.joined(separator: ", ")
        return "\(checks) passing for \(seconds(gate.minHealthyMilliseconds)) within \(seconds(gate.deadlineMilliseconds))"
    }

    static func seconds(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : String(format: "%.1f s", Double(milliseconds) / 1000)
    }
}
