import Foundation
import Testing

/// The HTTP API of three real agents: schemathesis (from PyPI) against the served OpenAPI document finds
/// no 5xx and no answer that violates it; the CLI's `--json` and the API agree; any node answers for
/// another through the mesh; mutual TLS lets an admin certificate change the fleet, a node certificate
/// only read, and no certificate nothing; `/metrics` passes Debian's `promtool check metrics` and moves
/// when the fleet does.
@Suite("HTTP API (3 real agents)", .serialized)
struct HTTPAPIProcessTests {
    let names = ["app1", "app2", "db1"]

    /// The agent's plain-HTTP loopback listener and its HTTPS one: two and three ports above the peer port.
    static func http(_ node: TestFleet.Node, plus offset: Int) -> String {
        let colon = node.address.lastIndex(of: ":")!
        return "\(node.address[..<colon]):\(Int(node.address[node.address.index(after: colon)...])! + offset)"
    }

    private func startFleet() throws -> TestFleet {
        let fleet = try TestFleet()
        try fleet.addMesh(names, voters: names) { node in
            "http_loopback = \"\(Self.http(node, plus: 2))\"\nhttp_listen = \"\(Self.http(node, plus: 3))\""
        }
        _ = try fleet.ca.issue(name: "alice", admin: true, directory: fleet.tlsDirectory)
        _ = try fleet.ca.issue(name: "grafana", reader: true, directory: fleet.tlsDirectory)
        for name in names { try fleet.start(name) }
        try #require(fleet.eventually(timeout: .seconds(30)) {
            (fleet.coordinator(of: "app1")["coordinator"] as? String) != nil && names.allSatisfy { fleet.members(of: $0).values.filter { $0 == "alive" }.count == 3 }
        }, "the fleet never formed")
        return fleet
    }

    private func curl(_ arguments: [String]) throws -> (status: Int, body: String) {
        let result = try Shell.run(["/usr/bin/curl", "-s", "-m", "10", "-w", "\n%{http_code}"] + arguments, timeout: .seconds(15))
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    private func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test("schemathesis finds no 5xx and no answer outside the document; the CLI and the API agree; /v1/nodes/… asks another node")
    func contract() throws {
        // Where pip put it depends on the Python installation; the test's PATH is the caller's.
        guard let schemathesis = (try? Shell.run(["/usr/bin/which", "schemathesis"], timeout: .seconds(5)))?
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines),
            !schemathesis.isEmpty else {
            Issue.record("schemathesis is not installed (scripts/setup.sh installs it with pip)")
            return
        }
        let fleet = try startFleet()
        defer { fleet.stop() }
        let app1 = try #require(fleet.nodes["app1"])
        let base = "http://" + Self.http(app1, plus: 2)

        let members = try curl([base + "/v1/members"])
        #expect(members.status == 200)
        let cli = try fleet.admin("app1", ["members", "--json"])
        let fromAPI = (json(members.body) as? [String: Any])?["members"] as? [[String: Any]] ?? []
        let fromCLI = (json(cli.stdout) as? [String: Any])?["members"] as? [[String: Any]] ?? []
        #expect(Set(fromAPI.compactMap { $0["name"] as? String }) == Set(fromCLI.compactMap { $0["name"] as? String }))
        #expect(Set(fromAPI.compactMap { $0["status"] as? String }) == ["alive"])
        let policiesAPI = try curl([base + "/v1/events/policies"])
        let policiesCLI = try fleet.admin("app1", ["events", "policies", "--json"])
        #expect(json(policiesAPI.body) as? NSArray == json(policiesCLI.stdout) as? NSArray, "the API and the CLI disagree on the policies")
        let coordinatorAPI = json(try curl([base + "/v1/coordinator"]).body) as? [String: Any]
        #expect(coordinatorAPI?["coordinator"] as? String == fleet.coordinator(of: "app1")["coordinator"] as? String)

        let other = try curl([base + "/v1/nodes/db1/status"])
        #expect(other.status == 200 && (json(other.body) as? [String: Any])?["node"] as? String == "db1", "\(other)")
        let cliOther = try fleet.admin("app1", ["status", "--node", "db1", "--json"])
        #expect((json(cliOther.stdout) as? [String: Any])?["node"] as? String == "db1", "\(cliOther)")
        #expect(try curl([base + "/v1/nodes/nosuch/status"]).status == 404)
        let readOnly = try curl(["-X", "PUT", "-H", "content-type: application/json", "-d", "{\"severity\":\"critical\"}", base + "/v1/events/policies/deadlocks"])
        #expect(readOnly.status == 403, "\(readOnly)")
        let notAllowed = try Shell.run(["/usr/bin/curl", "-s", "-i", "-X", "DELETE", base + "/v1/status"], timeout: .seconds(10))
        #expect(notAllowed.stdout.hasPrefix("HTTP/1.1 405") && notAllowed.stdout.lowercased().contains("allow: get"), "\(notAllowed.stdout.prefix(300))")

        let run = try Shell.run([schemathesis, "run", base + "/v1/openapi.json", "--checks", "all", "--max-examples", "12",
                                 "--seed", "20261203", "--no-color"], timeout: .seconds(300))
        print("schemathesis: " + run.stdout.split(separator: "\n").suffix(14).joined(separator: "\n"))
        #expect(run.status == 0, "schemathesis found problems:\n\(run.stdout.suffix(6000))")
    }

    @Test("mutual TLS: an admin certificate changes a policy (journalled with its name), node and reader certificates only read, no certificate is refused")
    func mutualTLS() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let db1 = try #require(fleet.nodes["db1"])
        let base = "https://" + Self.http(db1, plus: 3)
        let tls = fleet.tlsDirectory
        let admin = ["--cacert", tls + "/ca.pem", "--cert", tls + "/alice.pem", "--key", tls + "/alice.key"]
        let node = ["--cacert", tls + "/ca.pem", "--cert", tls + "/app2.pem", "--key", tls + "/app2.key"]
        // The agents' certificates name the node, not an address: curl checks the chain, not the host.
        let changed = try curl(admin + ["-k", "-X", "PUT", "-H", "content-type: application/json",
                                        "-d", "{\"severity\":\"critical\",\"params\":{\"deadlock_count\":\"7\"}}", base + "/v1/events/policies/deadlocks"])
        #expect(changed.status == 200, "\(changed)")
        let mandatory = try curl(admin + ["-k", "-X", "PUT", "-H", "content-type: application/json", "-d", "{\"enabled\":false}",
                                          base + "/v1/events/policies/etcd_unavailable"])
        #expect(mandatory.status == 422 && mandatory.body.contains("cannot be disabled"), "\(mandatory)")
        let read = try curl(node + ["-k", base + "/v1/events/policies"])
        #expect(read.status == 200 && read.body.contains("deadlock_count=7"), "\(read)")
        let refused = try curl(node + ["-k", "-X", "PUT", "-H", "content-type: application/json", "-d", "{\"severity\":\"normal\"}",
                                       base + "/v1/events/policies/deadlocks"])
        #expect(refused.status == 403, "\(refused)")
        let reader = ["--cacert", tls + "/ca.pem", "--cert", tls + "/grafana.pem", "--key", tls + "/grafana.key"]
        let readerRead = try curl(reader + ["-k", base + "/v1/nodes/app1/status"])
        #expect(readerRead.status == 200 && readerRead.body.contains("app1"), "\(readerRead)")
        let readerChange = try curl(reader + ["-k", "-X", "POST", "-H", "content-type: application/json", "-d", "{\"node\":\"app2\"}",
                                              base + "/v1/vip/app/pin"])
        #expect(readerChange.status == 403, "\(readerChange)")
        let anonymous = try Shell.run(["/usr/bin/curl", "-s", "-k", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", base + "/v1/status"], timeout: .seconds(10))
        #expect(anonymous.stdout == "000", "a client without a certificate got an answer: \(anonymous)")
        #expect(fleet.eventually(timeout: .seconds(5)) { fleet.log("db1").contains("event_policy_set") && fleet.log("db1").contains("alice") },
                "the change is not journalled with the admin's name")
    }

    @Test("/metrics passes promtool check metrics and moves when the fleet does")
    func metrics() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") else {
            Issue.record("promtool is not installed (apt-get install prometheus; scripts/setup.sh does)")
            return
        }
        let fleet = try startFleet()
        defer { fleet.stop() }
        let app1 = try #require(fleet.nodes["app1"])
        let url = "http://" + Self.http(app1, plus: 2) + "/metrics"
        let before = try curl([url])
        #expect(before.status == 200 && before.body.contains("nodeagent_members{status=\"alive\"} 3"), "\(before.body.prefix(800))")
        // A change through the quorum shows in the commit latency histogram of the node that asked.
        #expect(try fleet.admin("app1", ["fleet", "set-config-version", "5"]).status == 0)
        #expect(fleet.eventually(timeout: .seconds(5)) { ((try? curl([url]).body) ?? "").contains("nodeagent_commit_seconds_count 1") },
                "no commit latency recorded")
        let check = try Shell.run(["/bin/sh", "-c", "curl -s \(url) | /usr/bin/promtool check metrics"], timeout: .seconds(20))
        #expect(check.status == 0, "promtool: \(check.stdout) \(check.stderr)")
        fleet.signal("app2", SIGKILL)
        #expect(fleet.eventually(timeout: .seconds(20)) {
            let body = (try? curl([url]).body) ?? ""
            return body.contains("nodeagent_members{status=\"dead\"} 1") && body.contains("nodeagent_state_changes_total{event=\"member_dead\"} 1")
        }, "the metrics did not show app2 dead")
    }
}
