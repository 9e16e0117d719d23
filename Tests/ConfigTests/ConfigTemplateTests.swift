import Testing
@testable import Config

/// `nodeagent config init` writes what `ConfigTemplate` renders; the agent must read it back as the
/// answers said, and a bad answer must be refused by the same validation the agent runs.
@Suite struct ConfigTemplateTests {
    private func parse(_ template: ConfigTemplate) throws(ConfigError) -> NodeConfig {
        try NodeConfig.parse(template.render(), baseDirectory: "/")
    }

    @Test func aMinimalNodeReadsBackAsAnswered() throws {
        let template = ConfigTemplate(name: "app1", role: "app", advertise: "10.0.0.5:7946",
                                      seeds: ["10.0.0.5:7946", "10.0.0.6:7946"], voters: ["app1", "app2", "db1"])
        let config = try parse(template)
        #expect(config.node == NodeIdentity(name: "app1", role: "app", voter: true))
        #expect(config.network.listen.description == "0.0.0.0:7946")
        #expect(config.network.advertise.description == "10.0.0.5:7946")
        #expect(config.network.seeds.map(\.description) == ["10.0.0.5:7946", "10.0.0.6:7946"])
        #expect(config.network.httpLoopback?.description == "127.0.0.1:7948")
        #expect(config.tls.ca == "/etc/nodeagent/tls/ca.pem")
        #expect(config.tls.cert == "/etc/nodeagent/tls/app1.pem")
        #expect(config.tls.key == "/etc/nodeagent/tls/app1.key")
        #expect(config.quorum.voters == ["app1", "app2", "db1"])
        #expect(config.vipGroups.isEmpty && config.checks.isEmpty)
    }

    @Test func aVIPGroupWithItsCheck() throws {
        let group = ConfigTemplate.VIPGroup(name: "app", vip: "10.0.0.100/24", interface: "eth0",
                                            members: ["app1": 150, "app2": 100], checkURL: "http://127.0.0.1:8080/health")
        let template = ConfigTemplate(name: "app2", role: "app", listen: "10.0.0.6:7946", seeds: ["10.0.0.5:7946"],
                                      voters: ["app1", "app2", "db1"], httpLoopback: nil, vipGroup: group)
        let config = try parse(template)
        let parsed = try #require(config.vipGroups["app"])
        #expect(parsed.instance == "APP")
        #expect(parsed.members == ["app1": 150, "app2": 100])
        #expect(parsed.checks == ["app_service"])
        #expect(config.checks["app_service"]?.probe == .http(url: "http://127.0.0.1:8080/health", expectStatus: 200))
        #expect(config.network.httpLoopback == nil)
        #expect(!template.render().contains("advertise"))
    }

    @Test func answersAreEscapedSoTheFileAlwaysParsesAsTOML() throws {
        let template = ConfigTemplate(name: "a\"b\nc", role: "app", seeds: [], voters: [])
        #expect(throws: ConfigError.self) { try parse(template) }
        do {
            _ = try parse(template)
        } catch {
            // Refused by validation (the name), never by a TOML syntax error from an unescaped quote.
            #expect(error.key == "node.name")
        }
    }

    @Test func badAnswersAreRefusedWithTheirKey() {
        func key(_ template: ConfigTemplate) -> String? {
            do { _ = try parse(template); return nil } catch { return error.key }
        }
        let base = ConfigTemplate(name: "app1", role: "app", listen: "10.0.0.5:7946", voters: ["app1"])
        var wildcard = base
        wildcard.listen = "0.0.0.0:7946"
        #expect(key(wildcard) == "network.advertise")
        var notListed = base
        notListed.voters = ["app2"]
        #expect(key(notListed) == "quorum.voters")
        var badVIP = base
        badVIP.vipGroup = .init(name: "app", vip: "10.0.0.300/24", interface: "eth0", members: ["app1": 150])
        #expect(key(badVIP) == "vip_groups.app.vip")
        var badPriority = base
        badPriority.vipGroup = .init(name: "app", vip: "10.0.0.100/24", interface: "eth0", members: ["app1": 999])
        #expect(key(badPriority)?.hasPrefix("vip_groups.app.members") == true)
    }

    @Test func aFileOfCommentsOnlySaysToRunConfigInit() {
        do {
            _ = try NodeConfig.parse("# nothing yet\n\n# still nothing\n", baseDirectory: "/")
            Issue.record("a file without settings was accepted")
        } catch {
            #expect(error.description.contains("nodeagent config init"))
        }
    }
}
