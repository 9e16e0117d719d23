#if os(Linux)
import Keepalived
import Testing

/// The agents' configs and the keepalived side rendered from one description: the same quorum,
/// checks and groups on every node, each node checking its own service, and keepalived's track file
/// block shaped exactly as `nodeagent keepalived snippet` prints it.
@Suite struct AgentFleetConfigTests {
    private let nodes = AgentLab.nodeNames.enumerated().map { offset, name in
        LabNode(name: name, index: offset + 1, namespace: "ns\(offset)", interface: "e\(offset)", switchPort: "p\(offset)")
    }

    private var config: AgentFleetConfig {
        AgentFleetConfig(nodes: nodes, groups: [AgentLab.app, AgentLab.int], tlsDirectory: "/lab/tls", baseDirectory: "/lab/agents")
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func everyNodeSharesQuorumAndGroupsButChecksItsOwnService() throws {
        let app1 = try config.render(for: nodes[0])
        let db3 = try config.render(for: nodes[6])
        let voters = "voters = [\"app1\", \"app2\", \"int1\", \"int2\", \"db1\", \"db2\", \"db3\"]"
        for text in [app1, db3] {
            #expect(lines(text).contains(voters))
            #expect(lines(text).contains("members = { app1 = 150, app2 = 100 }"))
            #expect(lines(text).contains("members = { int1 = 150, int2 = 100 }"))
            #expect(lines(text).contains("vip = \"198.18.0.100/24\""))
            #expect(lines(text).contains("vip = \"198.18.0.101/24\""))
        }
        #expect(lines(app1).contains("url = \"http://198.18.0.11:8080/\""))
        #expect(lines(app1).contains("listen = \"198.18.0.11:7946\""))
        #expect(lines(app1).contains("interface = \"e0\""))
        #expect(lines(app1).contains("role = \"app\""))
        #expect(!app1.contains("\"198.18.0.11:7946\", "), "a node must not seed itself")
        #expect(lines(db3).contains("url = \"http://198.18.0.17:8080/\""))
        #expect(lines(db3).contains("role = \"db\""))
        #expect(lines(db3).contains("track_dir = \"/lab/agents/db3/track\""))
        #expect(app1.components(separatedBy: "[checks.web]").count == 2, "one check table, shared by both groups")
    }

    @Test func badGroupsAreRefused() throws {
        var outside = config
        outside.groups = [LabVIPGroup(name: "x", instance: "X", vip: "10.0.0.1", virtualRouterID: 9,
                                      members: [.init(name: "app1", priority: 100)])]
        #expect(throws: LabError.self) { try outside.render(for: nodes[0]) }
        var stranger = config
        stranger.groups = [LabVIPGroup(name: "x", instance: "X", vip: "198.18.0.102", virtualRouterID: 9,
                                       members: [.init(name: "web9", priority: 100)])]
        #expect(throws: LabError.self) { try stranger.render(for: nodes[0]) }
        #expect(throws: LabError.self) { try AgentLab.app.peer(of: "db1") }
        #expect(try AgentLab.app.peer(of: "app1") == "app2")
    }

    @Test func vrrpPidFileIsRenderedOnlyForNodesRunningKeepalived() throws {
        #expect(!(try config.render(for: nodes[0])).contains("vrrp_pid_file"), "no key unless asked for")
        var watched = config
        watched.vrrpPidFiles = ["app1": KeepalivedInstance.vrrpPidPath(labDirectory: "/lab", node: "app1")]
        let app1 = lines(try watched.render(for: nodes[0]))
        let section = try #require(app1.firstIndex(of: "[keepalived]"))
        #expect(app1[section...].contains("vrrp_pid_file = \"/lab/app1-keepalived-vrrp.pid\""))
        #expect(!(try watched.render(for: nodes[6])).contains("vrrp_pid_file"), "db3 runs no keepalived")
    }

    @Test func keepalivedTrackFileMatchesTheSnippetGenerator() throws {
        let files = config.files(for: nodes[0])
        var settings = KeepalivedSettings(priority: 150)
        settings.trackFile = .init(name: "nodeagent_app", path: files.trackFile("app"), weight: 1, initialValue: -254)
        settings.notifyFIFO = files.notifyFIFO
        settings.leaseScript = .init(name: "nodeagent_app_lease", path: files.leaseFile("app"))
        let rendered = lines(try KeepalivedConfig.render(settings, routerID: "app1", interface: "e0", curl: "/usr/bin/curl"))
        let snippet = try SnippetGenerator(group: "app", instance: "APP", trackFilePath: files.trackFile("app"),
                                           notifyFIFOPath: files.notifyFIFO, initialValue: -254).generate()
        let definition = lines(snippet.trackFileDefinition)
        let start = try #require(rendered.firstIndex(of: definition.first ?? ""))
        #expect(Array(rendered[start..<min(rendered.count, start + definition.count)]) == definition)
        let reference = lines(snippet.instanceReference)
        let at = try #require(rendered.lastIndex(of: reference.first ?? ""))
        #expect(Array(rendered[at..<min(rendered.count, at + reference.count)]) == reference)
        // The only vrrp_script is nodeagent's lease check, exactly as the snippet has it.
        let lease = lines(snippet.leaseScriptDefinition)
        let leaseAt = try #require(rendered.firstIndex(of: lease.first ?? ""))
        #expect(Array(rendered[leaseAt..<min(rendered.count, leaseAt + lease.count)]) == lease)
        #expect(rendered.filter { $0.hasPrefix("vrrp_script") }.count == 1, "nodeagent replaces the health vrrp_script")
        #expect(rendered.filter { $0 == "nodeagent_app_lease" }.count == 1, "the instance tracks the lease script")
    }
}
#endif
