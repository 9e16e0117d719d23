import Foundation
import Testing

/// `nodeagent diagnose --all` against three real agents on loopback: one row group per node, each
/// node's own findings (a certificate about to expire shows on its node only), and a node that
/// cannot answer shown as such rather than waited for. DNS is skipped on the agents
/// (NODEAGENT_DIAGNOSE_SKIP): resolving the member names would send queries off the machine.
@Suite("Diagnose (3 real agents)", .serialized)
struct DiagnoseProcessTests {
    let names = ["app1", "app2", "db1"]
    let skip = ["NODEAGENT_DIAGNOSE_SKIP": "dns"]

    private func startFleet() throws -> TestFleet {
        let fleet = try TestFleet()
        try fleet.addMesh(names)
        // db1's certificate expires tomorrow.
        _ = try fleet.ca.issue(name: "db1", role: "app", days: 1, directory: fleet.tlsDirectory, force: true)
        for name in names { try fleet.start(name, environment: skip) }
        try #require(fleet.eventually(timeout: .seconds(20)) { names.allSatisfy { fleet.peers(of: $0).count == names.count - 1 } },
                     "the mesh never connected all three")
        return fleet
    }

    /// The row groups of the `--all` table: node name → its lines (the first names the node).
    private func groups(_ table: String) -> [String: [String]] {
        var groups: [String: [String]] = [:]
        var current: String?
        var inTable = false
        for line in table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("NODE ") { inTable = true; continue }
            guard inTable else { continue }
            if line.isEmpty { break }
            if !line.hasPrefix(" ") { current = String(line.prefix { $0 != " " }) }
            if let current { groups[current, default: []].append(line) }
        }
        return groups
    }

    @Test("diagnose --all: one row group per node, each node's own findings")
    func allNodesAnswer() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let json = try fleet.admin("app1", ["diagnose", "--all", "--json", "--timeout", "20"], timeout: .seconds(30))
        try #require(json.status == 0, "diagnose --all --json: \(json)")
        let nodes = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(nodes.compactMap { $0["node"] as? String } == names)
        var certificates: [String: String] = [:]
        for node in nodes {
            let report = try #require(node["report"] as? [String: Any], "\(node["node"] ?? "?"): \(node["problem"] ?? "no report")")
            #expect(report["node"] as? String == node["node"] as? String)
            let findings = try #require(report["findings"] as? [[String: Any]])
            #expect(findings.count == 20)
            let byCheck = Dictionary(findings.map { ($0["check"] as? String ?? "", $0) }) { first, _ in first }
            certificates[node["node"] as! String] = byCheck["certificate"]?["status"] as? String
            #expect(byCheck["dns"]?["status"] as? String == "unknown")
        }
        #expect(certificates == ["app1": "ok", "app2": "ok", "db1": "critical"], "\(certificates)")

        let table = try fleet.admin("app1", ["diagnose", "--all", "--timeout", "20"], timeout: .seconds(30))
        try #require(table.status == 0, "diagnose --all: \(table)")
        let rows = groups(table.stdout)
        #expect(rows.keys.sorted() == names, "\(table.stdout)")
        for name in names { #expect(rows[name]?.count == 20, "\(name): \(rows[name] ?? [])") }
        #expect(rows["db1"]?.contains { $0.contains("certificate") && $0.contains("critical") && $0.contains("expires in") } == true)
        #expect(table.stdout.contains("REMEDIES") && table.stdout.contains("nodeagent certs issue db1 --role app"))
    }

    @Test("diagnose on one node; a stopped peer shows as no answer")
    func stoppedPeerIsNoAnswer() throws {
        let fleet = try startFleet()
        defer {
            fleet.signal("app2", SIGCONT)
            fleet.stop()
        }
        let local = try fleet.admin("app2", ["diagnose"])
        try #require(local.status == 0, "diagnose: \(local)")
        #expect(local.stdout.hasPrefix("app2: ") && local.stdout.contains("CHECK") && local.stdout.contains("file-handles"))
        fleet.signal("app2", SIGSTOP)
        let started = ContinuousClock.now
        let table = try fleet.admin("app1", ["diagnose", "--all", "--timeout", "20"], timeout: .seconds(30))
        try #require(table.status == 0, "diagnose --all: \(table)")
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(table.stdout.contains("app2: no answer within 8 s"), "\(table.stdout)")
        let rows = groups(table.stdout)
        #expect(rows["app1"]?.count == 20 && rows["db1"]?.count == 20)
        #expect(rows["app2"]?.count == 1 && rows["app2"]?.first?.contains("no answer") == true)
    }
}
