import Testing
@testable import Config

@Suite("Valid configs parse to the expected values")
struct GoodConfigTests {
    @Test("a minimal config gets every default")
    func minimalDefaults() throws {
        let config = try Fixtures.parse(Fixtures.minimal)
        #expect(config.node == NodeIdentity(name: "app1", role: "app", voter: true))
        #expect(config.network.listen == HostPort(host: "127.0.0.1", port: 7946))
        #expect(config.network.advertise == config.network.listen)
        #expect(config.network.seeds.isEmpty)
        #expect(config.network.adminSocket == "/run/nodeagent/admin.sock")
        #expect(config.network.adminListen == nil)
        #expect(config.tls == TLSConfig(ca: "/etc/nodeagent/tls/ca.pem", cert: "/etc/nodeagent/tls/app1.pem",
                                        key: "/etc/nodeagent/tls/app1.key", revoked: nil))
        #expect(config.storage.dataDirectory == "/var/lib/nodeagent")
        #expect(config.transport == TransportConfig(maxFrameBytes: 1_048_576, reconnectMinMs: 100,
                                                    reconnectMaxMs: 5000, handshakeTimeoutMs: 3000))
        #expect(config.gossip == GossipTuning())
        #expect(config.quorum == QuorumTuning())
        #expect(config.checks.isEmpty && config.vipGroups.isEmpty)
        #expect(config.keepalived == KeepalivedConfig(trackDirectory: "/run/nodeagent",
                                                      notifyFifo: "/run/nodeagent/keepalived.fifo"))
    }

    @Test("a full config keeps every value, typed")
    func fullValues() throws {
        let config = try Fixtures.parse(Fixtures.full)
        #expect(config.node.voter == false)
        #expect(config.network.listen.isWildcard)
        #expect(config.network.advertise.description == "10.0.0.5:7946")
        #expect(config.network.seeds.map(\.description) == ["10.0.0.6:7946", "[fd00::7]:7946", "db1.example.net:7946"])
        #expect(config.network.adminListen?.port == 7947)
        #expect(config.transport.maxFrameBytes == 65536)
        #expect(config.gossip.probeTimeoutMs == 400 && config.gossip.rejoinIntervalMs == 60000)
        #expect(config.quorum.clockDriftMarginMs == 500)
        #expect(config.checks["web"] == CheckConfig(
            name: "web", probe: .http(url: "http://127.0.0.1:8080/health", expectStatus: 204),
            intervalMs: 500, timeoutMs: 200, fall: 3, rise: 2))
        #expect(config.checks["port"]?.probe == .tcp(address: HostPort(host: "127.0.0.1", port: 8080)))
        #expect(config.checks["port"]?.fall == 2 && config.checks["port"]?.rise == 1)
        #expect(config.checks["container"]?.probe == .docker(container: "web"))
        #expect(config.checks["unit"]?.probe == .systemd(unit: "nginx.service"))
        #expect(config.checks["script"]?.probe == .command(argv: ["/usr/local/bin/check-web", "--quiet"]))
        let app = try #require(config.vipGroups["app"])
        #expect(app.instance == "APP" && app.interface == "eth0")
        #expect(app.vip == CIDR(address: .v4([198, 18, 0, 100]), prefixLength: 24))
        #expect(app.members == ["app1": 150, "app2": 100])
        #expect(app.checks == ["web", "container"])
        #expect(app.mode(of: "app2") == .passive && app.mode(of: "app1") == .auto)
        #expect(app.activeOnlyStart == [["/usr/bin/docker", "start", "web"]])
        #expect(app.activeOnlyStop == [["/usr/bin/docker", "stop", "web"]])
        #expect(config.vipGroups["int"]?.vip.description == "fd00::100/64")
        #expect(config.vipGroups["int"]?.checks == [])
        #expect(app.noQuorumPolicy == .freeze && config.vipGroups["int"]?.noQuorumPolicy == .stop)
        #expect(config.checks["leader"]?.probe == .patroni(url: "http://127.0.0.1:8008", role: "leader"))
        let database = config.database
        #expect(database.postgres == HostPort(host: "127.0.0.1", port: 5432) && database.postgresUser == "monitor")
        #expect(database.postgresPasswordFile?.hasSuffix("/pg.password") == true && database.postgresDatabase == "postgres")
        #expect(database.patroniMembers.count == 3 && database.etcdEndpoints == ["http://db1:2379", "http://db2:2379"])
        #expect(database.haproxy?.port == 5000 && database.haproxyStatsSocket == "/run/haproxy/admin.sock")
        #expect(database.sampleIntervalMs == 2000 && database.timeoutMs == 1000)
    }

    @Test("no [database] section watches nothing; patroni_url alone is its own member list")
    func databaseDefaults() throws {
        #expect(try Fixtures.parse(Fixtures.minimal).database.isEmpty)
        let config = try Fixtures.parse(Fixtures.minimal(plus: "[database]\npatroni_url = \"http://127.0.0.1:8008\""))
        #expect(config.database.patroniMembers == ["http://127.0.0.1:8008"] && config.database.sampleIntervalMs == 1000)
    }

    @Test("relative paths resolve against the config file's directory, cleaned")
    func relativePaths() throws {
        let config = try NodeConfig.parse(Fixtures.full, baseDirectory: "/srv/agent/conf/")
        #expect(config.tls.ca == "/etc/pki/fleet/ca.pem")
        #expect(config.tls.cert == "/srv/agent/conf/tls/app1.pem")
        #expect(config.tls.key == "/srv/agent/conf/tls/app1.key")
        #expect(config.tls.revoked == "/srv/agent/conf/tls/revoked.txt")
        #expect(config.storage.dataDirectory == "/srv/agent/conf/state")
        #expect(config.network.adminSocket == "/srv/agent/conf/run/admin.sock")
        #expect(config.keepalived.notifyFifo == "/srv/agent/conf/fifo")
        #expect(config.keepalived.trackDirectory == "/run/nodeagent/track")
        #expect(config.keepalived.vrrpPidFile == "/run/keepalived/app.vrrp.pid")
    }

    @Test("paths normalise . and .. lexically")
    func normalisation() {
        #expect(ConfigPath.resolve("../x/./y//z", against: "/a/b") == "/a/x/y/z")
        #expect(ConfigPath.resolve("/../../x", against: "/a") == "/x")
        #expect(ConfigPath.resolve("x/../../y", against: "rel") == "y")
        #expect(ConfigPath.directory(of: "/etc/nodeagent/node.toml") == "/etc/nodeagent")
        #expect(ConfigPath.directory(of: "/node.toml") == "/")
        #expect(ConfigPath.directory(of: "node.toml") == ".")
    }

    @Test("a UTF-8 byte-order mark, CRLF line ends and comments are accepted")
    func textVariants() throws {
        let crlf = "\u{FEFF}" + Fixtures.minimal.split(separator: "\n").joined(separator: " # note\r\n")
        let config = try Fixtures.parse(crlf)
        #expect(config == (try Fixtures.parse(Fixtures.minimal)))
    }

    @Test("strings with brackets, quotes and escapes do not confuse the preflight scan")
    func trickyStrings() throws {
        let text = Fixtures.minimal(plus: """
            [checks.x]
            type = "command"
            argv = ["/bin/sh", "-c", "echo '[=' \\"[#\\" \\\\u0000", '''
            [=
            ''', \"\"\"
            [[[ \\"\"\"\"]
            [checks.y]
            type = "tcp"
            address = "[::1]:80"
            """)
        let config = try Fixtures.parse(text)
        #expect(config.checks["x"]?.probe == .command(argv: ["/bin/sh", "-c", "echo '[=' \"[#\" \\u0000",
                                                              "[=\n", "[[[ \""]))
        #expect(config.checks["y"]?.probe == .tcp(address: HostPort(host: "::1", port: 80)))
    }

    @Test("renderTOML parses back to an equal value", arguments: [
        Fixtures.minimal,
        Fixtures.full,
        Fixtures.minimal(plus: "[checks.\"odd-Name_1\"]\ntype = \"command\"\nargv = [\"/bin/echo\", \"quote \\\" back\\\\slash\\ttab\\u0001\", \"ü ✓\"]"),
        Fixtures.minimal(replacing: "listen =", with: "listen = \"[::]:7946\"\nadvertise = \"[fd00::5]:7946\"\nseeds = []"),
    ])
    func roundTrip(text: String) throws {
        let config = try Fixtures.parse(text)
        let rendered = config.renderTOML()
        let again = try NodeConfig.parse(rendered, baseDirectory: "/somewhere/else")
        #expect(again == config, "\(rendered)")
        #expect(again.renderTOML() == rendered)
    }

    @Test("a config built in code renders to TOML that validates")
    func builtInCode() throws {
        let listen = HostPort(host: "127.0.0.2", port: 7946)
        var config = NodeConfig(node: NodeIdentity(name: "db1", role: "db"),
                                network: NetworkConfig(listen: listen, seeds: [HostPort(host: "127.0.0.3", port: 7946)]),
                                tls: TLSConfig(ca: "/pki/ca.pem", cert: "/pki/db1.pem", key: "/pki/db1.key"))
        config.checks["pg"] = CheckConfig(name: "pg", probe: .tcp(address: HostPort(host: "127.0.0.1", port: 5432)))
        config.vipGroups["db"] = VIPGroupConfig(name: "db", instance: "DB", vip: try #require(CIDR.parse("198.18.1.1/24")),
                                                interface: "eth0", members: ["db1": 100], checks: ["pg"])
        #expect(try NodeConfig.parse(config.renderTOML(), baseDirectory: "/") == config)
    }
}
