import Foundation
import PKI
import Testing
import Wire

/// Every refusal the transport promises, each against a real agent process with real certificates and a
/// real journald: the connection is closed promptly, one warning with the reason is in the journal, and
/// the agent keeps serving.
@Suite("Transport refusals", .serialized)
struct TransportRefusalTests {
    @Test("bad clients are refused, logged with a reason, and never stall or crash the agent")
    func refusals() throws {
        if let reason = JournaldHarness.unavailableReason {
            Issue.record("journald harness unavailable: \(reason)")
            return
        }
        let journal = try JournaldHarness()
        defer { journal.stop() }
        let fleet = try TestFleet(journal: journal)
        defer { fleet.stop() }
        let adminAddress = Loopback.next(port: 7947)
        let target = try fleet.addNode("app1", adminListen: adminAddress)
        try fleet.addNode("app2")
        try fleet.start("app1")
        let tls = fleet.tlsDirectory
        let app2 = (cert: "\(tls)/app2.pem", key: "\(tls)/app2.key")

        // Certificates a bad client might hold.
        let otherCA = try FleetCA.create(directory: fleet.directory + "/other", commonName: "another CA")
        _ = try otherCA.issue(name: "app2", role: "app", directory: fleet.directory + "/other")
        let now = Date()
        _ = try fleet.ca.issue(name: "old", role: "app", validFrom: now - 86_400 * 10, validUntil: now - 86_400,
                               directory: fleet.directory + "/expired")
        _ = try fleet.ca.issue(name: "ops", admin: true, directory: tls)
        _ = try fleet.ca.issue(name: "grafana", reader: true, directory: tls)

        var cases: [(name: String, code: String, probe: () throws -> Shell.Result)] = [
            ("plaintext client", "not_tls", { try TLSProbe.plaintext(target.address, text: "GET / HTTP/1.1\r\nHost: x\r\n\r\n") }),
            ("TLS 1.2 client", "tls_version", { try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key, version: "-tls1_2") }),
            ("client without certificate", "no_certificate", { try TLSProbe.tls(target.address, payload: try TLSProbe.helloFrame("app2")) }),
            ("certificate of another CA", "untrusted_issuer", {
                try TLSProbe.tls(target.address, cert: fleet.directory + "/other/app2.pem", key: fleet.directory + "/other/app2.key",
                                 payload: try TLSProbe.helloFrame("app2"))
            }),
            ("expired certificate", "expired", {
                try TLSProbe.tls(target.address, cert: fleet.directory + "/expired/old.pem", key: fleet.directory + "/expired/old.key",
                                 payload: try TLSProbe.helloFrame("old"))
            }),
            ("SAN does not match the claimed name", "name_mismatch", {
                try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key, payload: try TLSProbe.helloFrame("db1"))
            }),
            ("node certificate sends an admin mutation", "node_certificate_mutation", {
                try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key,
                                 payload: try TLSProbe.helloFrame("app2") + TLSProbe.requestFrame("reload"))
            }),
            ("node certificate on the admin endpoint", "node_certificate_on_admin_endpoint", {
                try TLSProbe.tls(adminAddress, cert: app2.cert, key: app2.key, payload: try TLSProbe.helloFrame("app2", purpose: .admin))
            }),
            ("admin certificate joining as a node", "admin_certificate_as_node", {
                try TLSProbe.tls(target.address, cert: "\(tls)/ops.pem", key: "\(tls)/ops.key", payload: try TLSProbe.helloFrame("ops"))
            }),
            ("reader certificate joining as a node", "reader_certificate_as_node", {
                try TLSProbe.tls(target.address, cert: "\(tls)/grafana.pem", key: "\(tls)/grafana.key", payload: try TLSProbe.helloFrame("grafana"))
            }),
            ("oversized frame", "bad_frame", {
                try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key, payload: try TLSProbe.helloFrame("app2") + [0x7F, 0xFF, 0xFF, 0xFF, 1, 4])
            }),
            ("malformed frame (unknown format version)", "bad_frame", {
                try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key, payload: try TLSProbe.helloFrame("app2") + [0, 0, 0, 3, 9, 4, 0])
            }),
            ("malformed hello (not JSON)", "bad_frame", {
                try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key, payload: Frame(kind: .hello, payload: Array("{nope".utf8)).encoded())
            }),
            ("frame before hello", "protocol_violation", {
                try TLSProbe.tls(target.address, cert: app2.cert, key: app2.key, payload: try TLSProbe.requestFrame("status"))
            }),
        ]
        // A client that connects and says nothing must be cut off by the handshake timeout (2 s here).
        cases.append(("silent client", "handshake_timeout", { try TLSProbe.plaintext(target.address, text: "") }))

        var counts: [String: Int] = [:]
        for testCase in cases {
            let result = try testCase.probe()
            #expect(!result.timedOut, "\(testCase.name): the agent did not close the connection (\(result))")
            counts[testCase.code, default: 0] += 1
            let entries = try journal.waitForEntries(
                matching: ["NODEAGENT_EVENT": "peer_rejected", "NODEAGENT_REFUSAL": testCase.code],
                count: counts[testCase.code] ?? 1, timeout: .seconds(10))
            let entry = try #require(entries.last)
            #expect(entry["PRIORITY"] == "4", "\(testCase.name): a refusal is a warning")
            #expect(entry["NODEAGENT_NODE"] == "app1")
            #expect(!(entry["NODEAGENT_REASON"] ?? "").isEmpty, "\(testCase.name): the reason is logged")
            #expect(fleet.isRunning("app1"), "\(testCase.name): the agent must survive")
        }

        // Still serving: the local admin API answers, and a legitimate peer still joins.
        #expect(try fleet.status("app1")["node"] as? String == "app1")
        try fleet.writeConfig(fleet.nodes["app2"]!, seeds: [target.address])
        try fleet.start("app2")
        #expect(fleet.eventually { fleet.peers(of: "app1") == ["app2"] && fleet.peers(of: "app2") == ["app1"] })
    }

    @Test("an admin certificate may mutate over the remote admin endpoint; the journal records the agent's events")
    func remoteAdmin() throws {
        if let reason = JournaldHarness.unavailableReason {
            Issue.record("journald harness unavailable: \(reason)")
            return
        }
        let journal = try JournaldHarness()
        defer { journal.stop() }
        let fleet = try TestFleet(journal: journal)
        defer { fleet.stop() }
        let adminAddress = Loopback.next(port: 7947)
        try fleet.addNode("app1", adminListen: adminAddress)
        try fleet.start("app1")
        let tls = fleet.tlsDirectory
        _ = try fleet.ca.issue(name: "ops", admin: true, directory: tls)
        let remote = ["--remote", adminAddress, "--ca", "\(tls)/ca.pem", "--cert", "\(tls)/ops.pem", "--key", "\(tls)/ops.key"]
        let status = try Shell.run([NodeAgentBinary.path, "status", "--json"] + remote, timeout: .seconds(15))
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("\"node\" : \"app1\""))
        let reload = try Shell.run([NodeAgentBinary.path, "reload"] + remote, timeout: .seconds(15))
        #expect(reload.status == 0, "\(reload)")
        #expect(reload.stdout.contains("reloaded"))

        let loaded = try journal.waitForEntries(matching: ["NODEAGENT_EVENT": "config_loaded", "NODEAGENT_NODE": "app1"])
        #expect(loaded.first?["SYSLOG_IDENTIFIER"] == "nodeagent")
        #expect(loaded.first?["PRIORITY"] == "6")
        let reloaded = try journal.waitForEntries(matching: ["NODEAGENT_EVENT": "config_reloaded", "NODEAGENT_NODE": "app1"])
        #expect(!reloaded.isEmpty)
    }
}
