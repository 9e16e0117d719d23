#if os(Linux)
import Foundation

/// Faults of the network path of one node, beyond the clean cuts of `Lab`: random loss and a flapping
/// link. Every rule lives in a table of this lab's own name inside the node's namespace, so removing it
/// (or deleting the namespace at teardown) removes exactly what was added.
extension Lab {
    /// The nftables table that drops packets at random on `node`.
    func lossTable(_ node: LabNode) -> String { "nal\(tag)loss\(node.index)" }

    /// Drops `percent` % of `node`'s IPv4 packets at random, in and out (its loopback spared: the
    /// node's own health check of its own service is not the network). Undo with `removeLoss`.
    func addLoss(_ node: LabNode, percent: Int) throws {
        guard (1...100).contains(percent) else { throw LabError.invalidRequest("loss of \(percent) %") }
        let table = lossTable(node)
        let rules = """
            table inet \(table) {
                chain input {
                    type filter hook input priority -10; policy accept;
                    iif "lo" accept
                    numgen random mod 100 < \(percent) drop
                }
                chain output {
                    type filter hook output priority -10; policy accept;
                    oif "lo" accept
                    numgen random mod 100 < \(percent) drop
                }
            }

            """
        let path = directory + "/\(node.name)-\(table).nft"
        guard FileManager.default.createFile(atPath: path, contents: Data(rules.utf8)) else {
            throw LabError.invalidRequest("cannot write \(path)")
        }
        try run(in: node, ["nft", "-f", path]).check()
    }

    /// Removes the rules `addLoss` put on `node` (nothing when there are none).
    func removeLoss(_ node: LabNode) throws {
        let table = lossTable(node)
        let listed = try run(in: node, ["nft", "list", "tables"])
        guard listed.output.contains(table) else { return }
        try run(in: node, ["nft", "delete", "table", "inet", table]).check()
    }

    /// Takes `node` off the bridge and back `times` times (`down` off, `up` on), ending connected.
    /// Bounded: `times` is at most 50, and the node is put back even when a step throws.
    func flap(_ node: LabNode, times: Int, down: Duration, up: Duration) async throws {
        guard (1...50).contains(times) else { throw LabError.invalidRequest("\(times) flaps") }
        for _ in 0..<times {
            try cut(node)
            do {
                try await Task.sleep(for: down)
            } catch {
                try? heal(node)
                throw error
            }
            try heal(node)
            try await Task.sleep(for: up)
        }
    }
}
#endif
