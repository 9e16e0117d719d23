import Foundation
import Testing

/// The command line as an operator uses it.
@Suite("Command line", .serialized)
struct CLITests {
    private func nodeagent(_ arguments: [String]) throws -> Shell.Result {
        try Shell.run([NodeAgentBinary.path] + arguments, timeout: .seconds(30))
    }

    @Test("certs init and issue make a CA and node/admin certificates with private keys 0600")
    func certs() throws {
        let dir = NSTemporaryDirectory() + "nodeagent-cli-\(getpid())-certs"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try nodeagent(["certs", "init", "--dir", dir]).status == 0)
        let again = try nodeagent(["certs", "init", "--dir", dir])
        #expect(again.status != 0, "init must refuse to replace a CA")
        #expect(try nodeagent(["certs", "issue", "app1", "--role", "app", "--dir", dir]).status == 0)
        #expect(try nodeagent(["certs", "issue", "alice", "--admin", "--days", "7", "--dir", dir]).status == 0)
        let bad = try nodeagent(["certs", "issue", "App_1", "--dir", dir])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("App_1"))
        for key in ["ca.key", "app1.key", "alice.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + key)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(key) must be 0600")
        }
        let verify = try Shell.run(["/usr/bin/openssl", "verify", "-CAfile", dir + "/ca.pem", dir + "/app1.pem"])
        #expect(verify.status == 0, "\(verify)")
        let text = try Shell.run(["/usr/bin/openssl", "x509", "-in", dir + "/app1.pem", "-noout", "-ext", "subjectAltName"])
        #expect(text.stdout.contains("DNS:app1"))
    }

    @Test("config check accepts a good config and names the key of a bad one")
    func configCheck() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        let node = try fleet.addNode("app1")
        let good = try nodeagent(["config", "check", node.configPath])
        #expect(good.status == 0, "\(good)")
        #expect(good.stdout.hasPrefix("ok:"))
        let json = try nodeagent(["config", "check", "--json", node.configPath])
        #expect(json.stdout.contains(#""valid":true"#))

        let badPath = fleet.directory + "/bad.toml"
        var text = try String(contentsOfFile: node.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "seeds = []", with: "seedz = []")
        try text.write(toFile: badPath, atomically: true, encoding: .utf8)
        let bad = try nodeagent(["config", "check", badPath])
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("network.seedz"), "\(bad)")
        #expect(bad.stderr.contains("seeds"), "a suggestion is expected: \(bad)")
    }

    @Test("the agent refuses to start with a bad config or a certificate of another name, exit 78")
    func agentRefusesBadStart() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        let node = try fleet.addNode("app1")
        _ = try fleet.ca.issue(name: "app2", role: "app", directory: fleet.tlsDirectory)
        var text = try String(contentsOfFile: node.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "app1.pem", with: "app2.pem").replacingOccurrences(of: "app1.key", with: "app2.key")
        try text.write(toFile: node.configPath, atomically: true, encoding: .utf8)
        let result = try Shell.run([NodeAgentBinary.path, "agent", "--config", node.configPath],
                                   environment: ["NODEAGENT_LOG": "stderr"], timeout: .seconds(20))
        #expect(result.status == 78, "\(result)")
        #expect(result.stderr.contains("issued to \"app2\""), "\(result)")

        let missing = try Shell.run([NodeAgentBinary.path, "agent", "--config", fleet.directory + "/nope.toml"],
                                    environment: ["NODEAGENT_LOG": "stderr"], timeout: .seconds(20))
        #expect(missing.status == 78, "\(missing)")
    }

    @Test("version and help")
    func versionAndHelp() throws {
        let version = try nodeagent(["version", "--json"])
        #expect(version.stdout.contains(#""version":"#))
        let help = try nodeagent(["--help"])
        for command in ["agent", "demo", "status", "config", "certs", "version"] {
            #expect(help.stdout.contains(command), "--help lists \(command)")
        }
        let statusDown = try nodeagent(["status", "--socket", "/nonexistent/admin.sock", "--timeout", "1"])
        #expect(statusDown.status != 0)
        #expect(statusDown.stderr.contains("cannot reach the agent"))
    }
}
