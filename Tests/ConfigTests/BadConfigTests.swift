import Testing
@testable import Config

/// One invalid config and what the operator must be told about it.
struct BadCase: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    /// The dotted key the error must name; nil for syntax errors.
    let key: String?
    /// A fragment the one-line description must contain.
    let says: String

    var testDescription: String { name }
}

private let webCheck = """
    [checks.web]
    type = "http"
    url = "http://127.0.0.1:8080/health"
    """

/// `minimal` plus a `web` check and an `app` VIP group with `lines` inside it.
private func group(_ lines: String...) -> String {
    let body = lines.isEmpty ? groupDefaults : lines.joined(separator: "\n")
    return Fixtures.minimal(plus: webCheck + "\n[vip_groups.app]\n" + body)
}

private let groupDefaults = """
    instance = "APP"
    vip = "198.18.0.100/24"
    interface = "eth0"
    members = { app1 = 150, app2 = 100 }
    """

/// `groupDefaults` with the line for `key` replaced.
private func groupWith(_ key: String, _ line: String) -> String {
    let lines = groupDefaults.split(separator: "\n").map { $0.hasPrefix(key + " ") ? Substring(line) : $0 }
    return Fixtures.minimal(plus: webCheck + "\n[vip_groups.app]\n" + lines.joined(separator: "\n"))
}

private func check(_ lines: String) -> String {
    Fixtures.minimal(plus: "[checks.x]\n" + lines)
}

private func replacing(_ prefix: String, _ line: String) -> String {
    Fixtures.minimal(replacing: prefix, with: line)
}

let badCases: [BadCase] = [
    // Missing required keys and tables.
    BadCase(name: "missing node.name", text: replacing("name =", ""), key: "node.name", says: "required key is missing"),
    BadCase(name: "missing node.role", text: replacing("role =", ""), key: "node.role", says: "required key is missing"),
    BadCase(name: "missing network.listen", text: replacing("listen =", ""), key: "network.listen",
            says: "required key is missing"),
    BadCase(name: "missing tls.key", text: replacing("key =", ""), key: "tls.key", says: "required key is missing"),
    BadCase(name: "missing [tls] table", text: "[node]\nname = \"a\"\nrole = \"r\"\n[network]\nlisten = \"h:1\"",
            key: "tls.ca", says: "required key is missing"),
    BadCase(name: "empty tls path", text: replacing("ca =", "ca = \"\""), key: "tls.ca", says: "must not be empty"),
    // Wrong types.
    BadCase(name: "voter is a string", text: Fixtures.minimal(replacing: "role =", with: "role = \"app\"\nvoter = \"yes\""),
            key: "node.voter", says: "expected true or false, found string \"yes\""),
    BadCase(name: "listen is an integer", text: replacing("listen =", "listen = 7946"), key: "network.listen",
            says: "expected a string, found integer 7946"),
    BadCase(name: "a section is a string", text: "storage = \"/var\"\n" + Fixtures.minimal, key: "storage",
            says: "expected a table, found string \"/var\""),
    BadCase(name: "float where integer expected", text: Fixtures.minimal(plus: "[transport]\nhandshake_timeout_ms = 1.5"),
            key: "transport.handshake_timeout_ms", says: "expected an integer, found floating-point number 1.5"),
    BadCase(name: "seed is not a string", text: replacing("listen =", "listen = \"127.0.0.1:7946\"\nseeds = [\"a:1\", 5]"),
            key: "network.seeds[1]", says: "expected a string, found integer 5"),
    // Addresses.
    BadCase(name: "listen without port", text: replacing("listen =", "listen = \"127.0.0.1\""), key: "network.listen",
            says: "\"127.0.0.1\" is not host:port — expected e.g. \"10.0.0.5:7946\""),
    BadCase(name: "port 0", text: replacing("listen =", "listen = \"127.0.0.1:0\""), key: "network.listen",
            says: "has port \"0\"; a port is a number from 1 to 65535"),
    BadCase(name: "port 70000", text: replacing("listen =", "listen = \"127.0.0.1:70000\""), key: "network.listen",
            says: "has port \"70000\""),
    BadCase(name: "port not numeric", text: replacing("listen =", "listen = \"app1:http\""), key: "network.listen",
            says: "has port \"http\""),
    BadCase(name: "IPv6 without brackets", text: replacing("listen =", "listen = \"::1:7946\""), key: "network.listen",
            says: "an IPv6 address needs brackets"),
    BadCase(name: "IPv4 octet too large", text: replacing("listen =", "listen = \"300.1.1.1:7946\""),
            key: "network.listen", says: "neither an IPv4 address nor a valid hostname"),
    BadCase(name: "underscore in hostname", text: replacing("listen =", "listen = \"bad_host:7946\""),
            key: "network.listen", says: "has host \"bad_host\""),
    BadCase(name: "bad IPv6 in brackets", text: replacing("listen =", "listen = \"[fd00::zz]:7946\""),
            key: "network.listen", says: "no valid IPv6 address"),
    BadCase(name: "wildcard listen needs advertise", text: replacing("listen =", "listen = \"0.0.0.0:7946\""),
            key: "network.advertise", says: "required because network.listen \"0.0.0.0:7946\" is a wildcard"),
    BadCase(name: "wildcard advertise",
            text: replacing("listen =", "listen = \"127.0.0.1:7946\"\nadvertise = \"[::]:7946\""),
            key: "network.advertise", says: "is a wildcard address"),
    BadCase(name: "duplicate seeds",
            text: replacing("listen =", "listen = \"127.0.0.1:7946\"\nseeds = [\"10.0.0.6:7946\", \"10.0.0.6:7946\"]"),
            key: "network.seeds[1]", says: "\"10.0.0.6:7946\" is listed twice (also at seeds[0])"),
    BadCase(name: "duplicate seeds written differently",
            text: replacing("listen =", "listen = \"127.0.0.1:7946\"\nseeds = [\"[fd00::1]:1\", \"[FD00:0::0:1]:1\"]"),
            key: "network.seeds[1]", says: "is listed twice"),
    BadCase(name: "admin_listen equals listen",
            text: replacing("listen =", "listen = \"127.0.0.1:7946\"\nadmin_listen = \"127.0.0.1:7946\""),
            key: "network.admin_listen", says: "same endpoint as network.listen"),
    BadCase(name: "admin socket path too long",
            text: replacing("listen =", "listen = \"127.0.0.1:7946\"\nadmin_socket = \"/"
                + String(repeating: "s", count: 120) + "\""),
            key: "network.admin_socket", says: "Unix socket path"),
    // Names.
    BadCase(name: "uppercase node name", text: replacing("name =", "name = \"App1\""), key: "node.name",
            says: "\"App1\" is not a lowercase DNS label"),
    BadCase(name: "node name starts with hyphen", text: replacing("name =", "name = \"-app\""), key: "node.name",
            says: "is not a lowercase DNS label"),
    BadCase(name: "node name too long", text: replacing("name =", "name = \"" + String(repeating: "a", count: 64) + "\""),
            key: "node.name", says: "is not a lowercase DNS label"),
    BadCase(name: "role with a blank", text: replacing("role =", "role = \"app server\""), key: "node.role",
            says: "is not a role"),
    // Unknown keys at every level.
    BadCase(name: "unknown top-level table", text: Fixtures.minimal(plus: "[netwrok]\nseeds = []"), key: "netwrok",
            says: "unknown key \"netwrok\" at top level — did you mean \"network\"?"),
    BadCase(name: "unknown key in [node]", text: replacing("role =", "role = \"app\"\nvoters = true"), key: "node.voters",
            says: "unknown key \"voters\" in [node] — did you mean \"voter\"?"),
    BadCase(name: "unknown key in [network]", text: replacing("listen =", "listen = \"a:1\"\nseed = [\"b:2\"]"),
            key: "network.seed", says: "unknown key \"seed\" in [network] — did you mean \"seeds\"?"),
    BadCase(name: "transposed letters", text: Fixtures.minimal(plus: "[storage]\ndata_dri = \"x\""),
            key: "storage.data_dri", says: "did you mean \"data_dir\"?"),
    BadCase(name: "unknown key without suggestion", text: Fixtures.minimal(plus: "[storage]\ncolour = \"blue\""),
            key: "storage.colour", says: "unknown key \"colour\" in [storage]"),
    BadCase(name: "unknown key in a check", text: check("type = \"tcp\"\naddress = \"a:1\"\nintervall_ms = 5"),
            key: "checks.x.intervall_ms", says: "unknown key \"intervall_ms\" in [checks.x] — did you mean \"interval_ms\"?"),
    BadCase(name: "key of another check type", text: check("type = \"tcp\"\naddress = \"a:1\"\nurl = \"http://a/\""),
            key: "checks.x.url", says: "is a setting of \"http\" checks, not of a \"tcp\" check"),
    BadCase(name: "unknown key in a VIP group", text: group(groupDefaults, "interfaces = \"eth1\""),
            key: "vip_groups.app.interfaces", says: "in [vip_groups.app] — did you mean \"interface\"?"),
    // Out-of-range numbers and relations.
    BadCase(name: "frame cap too small", text: Fixtures.minimal(plus: "[transport]\nmax_frame_bytes = 100"),
            key: "transport.max_frame_bytes", says: "100 is out of range; expected 4096 ... 16777216"),
    BadCase(name: "reconnect max below min",
            text: Fixtures.minimal(plus: "[transport]\nreconnect_min_ms = 500\nreconnect_max_ms = 200"),
            key: "transport.reconnect_max_ms", says: "200 is less than reconnect_min_ms (500)"),
    BadCase(name: "gossip timeout not below interval",
            text: Fixtures.minimal(plus: "[gossip]\nprobe_interval_ms = 500\nprobe_timeout_ms = 500"),
            key: "gossip.probe_timeout_ms", says: "500 must be less than probe_interval_ms (500)"),
    BadCase(name: "gossip count zero", text: Fixtures.minimal(plus: "[gossip]\nindirect_checks = 0"),
            key: "gossip.indirect_checks", says: "0 is out of range; expected 1 ... 64"),
    BadCase(name: "voter that is not a node name", text: Fixtures.minimal(plus: "[quorum]\nvoters = [\"app1\", \"App 2\"]"),
            key: "quorum.voters[1]", says: "is not a node name"),
    BadCase(name: "voter listed twice", text: Fixtures.minimal(plus: "[quorum]\nvoters = [\"app1\", \"db1\", \"app1\"]"),
            key: "quorum.voters[2]", says: "is listed twice"),
    BadCase(name: "voter node missing from voters", text: Fixtures.minimal(plus: "[quorum]\nvoters = [\"db1\", \"db2\", \"db3\"]"),
            key: "quorum.voters", says: "does not list this node"),
    BadCase(name: "negative duration", text: Fixtures.minimal(plus: "[quorum]\nlease_ms = -5"),
            key: "quorum.lease_ms", says: "-5 is out of range"),
    BadCase(name: "election range empty",
            text: Fixtures.minimal(plus: "[quorum]\nelection_timeout_min_ms = 900\nelection_timeout_max_ms = 900"),
            key: "quorum.election_timeout_max_ms", says: "must be greater than election_timeout_min_ms (900)"),
    BadCase(name: "check timeout not below interval",
            text: check("type = \"tcp\"\naddress = \"a:1\"\ninterval_ms = 1000\ntimeout_ms = 1000"),
            key: "checks.x.timeout_ms", says: "1000 must be less than interval_ms (1000)"),
    // Checks.
    BadCase(name: "unknown check type", text: check("type = \"ping\""), key: "checks.x.type",
            says: "\"ping\" is not a check type; expected one of \"tcp\", \"http\""),
    BadCase(name: "check without type", text: check("address = \"a:1\""), key: "checks.x.type",
            says: "required key is missing"),
    BadCase(name: "http check with ftp url", text: check("type = \"http\"\nurl = \"ftp://a/\""), key: "checks.x.url",
            says: "is not an http:// or https:// URL"),
    BadCase(name: "command with relative program", text: check("type = \"command\"\nargv = [\"true\"]"),
            key: "checks.x.argv[0]", says: "\"true\" is not an absolute path"),
    BadCase(name: "systemd unit without type", text: check("type = \"systemd\"\nunit = \"nginx\""),
            key: "checks.x.unit", says: "is not a systemd unit name"),
    BadCase(name: "check name with a blank", text: Fixtures.minimal(plus: "[checks.\"web check\"]\ntype = \"tcp\""),
            key: "checks.\"web check\"", says: "is not a check name"),
    BadCase(name: "patroni check with an unknown role", text: check("type = \"patroni\"\nrole = \"primary\""),
            key: "checks.x.role", says: "\"primary\" is not a Patroni role to check; expected \"leader\""),
    BadCase(name: "patroni check without a role", text: check("type = \"patroni\""), key: "checks.x.role",
            says: "required key is missing"),
    // The database section.
    BadCase(name: "database: etcd endpoint without a scheme", text: Fixtures.minimal(plus: "[database]\netcd_endpoints = [\"db1:2379\"]"),
            key: "database.etcd_endpoints", says: "is not an http:// or https:// URL"),
    BadCase(name: "database: timeout not below the interval",
            text: Fixtures.minimal(plus: "[database]\npatroni_url = \"http://a:8008\"\nsample_interval_ms = 1000\ntimeout_ms = 1000"),
            key: "database.timeout_ms", says: "must be below sample_interval_ms"),
    BadCase(name: "database: unknown key", text: Fixtures.minimal(plus: "[database]\npatroni = \"http://a:8008\""),
            key: "database.patroni", says: "unknown key"),
    // VIP groups.
    BadCase(name: "group names an unknown check", text: group(groupDefaults, "checks = [\"wbe\"]"),
            key: "vip_groups.app.checks[0]", says: "\"wbe\" names no [checks.wbe] table — did you mean \"web\"?"),
    BadCase(name: "mode for a non-member", text: group(groupDefaults, "mode = { app3 = \"passive\" }"),
            key: "vip_groups.app.mode.app3", says: "\"app3\" is not a member of this group (members: app1, app2)"),
    BadCase(name: "unknown no-quorum policy", text: group(groupDefaults, "no_quorum_policy = \"ignore\""),
            key: "vip_groups.app.no_quorum_policy", says: "\"ignore\" is not a policy; expected \"stop\""),
    BadCase(name: "no-quorum policy not a string", text: group(groupDefaults, "no_quorum_policy = 1"),
            key: "vip_groups.app.no_quorum_policy", says: "string"),
    BadCase(name: "unknown mode", text: group(groupDefaults, "mode = { app2 = \"active\" }"),
            key: "vip_groups.app.mode.app2", says: "\"active\" is not a mode"),
    BadCase(name: "VIP without prefix", text: groupWith("vip", "vip = \"198.18.0.100\""), key: "vip_groups.app.vip",
            says: "is not an address with a prefix length"),
    BadCase(name: "VIP prefix too long", text: groupWith("vip", "vip = \"198.18.0.100/33\""), key: "vip_groups.app.vip",
            says: "\"198.18.0.100/33\" is not an address"),
    BadCase(name: "missing VIP", text: groupWith("vip", ""), key: "vip_groups.app.vip", says: "required key is missing"),
    BadCase(name: "priority out of range", text: groupWith("members", "members = { app1 = 150, app2 = 255 }"),
            key: "vip_groups.app.members.app2", says: "255 is out of range; expected 1 ... 254"),
    BadCase(name: "no members", text: groupWith("members", "members = {}"), key: "vip_groups.app.members",
            says: "needs at least one member"),
    BadCase(name: "interface name too long", text: groupWith("interface", "interface = \"averyverylongname\""),
            key: "vip_groups.app.interface", says: "is not a network interface name"),
    BadCase(name: "empty active-only command", text: group(groupDefaults, "active_only_start = [[]]"),
            key: "vip_groups.app.active_only_start[0]", says: "is empty"),
    BadCase(name: "two groups share an instance",
            text: group(groupDefaults) + "\n[vip_groups.bpp]\ninstance = \"APP\"\nvip = \"198.18.0.101/24\"\n"
                + "interface = \"eth0\"\nmembers = { app1 = 1 }",
            key: "vip_groups.bpp.instance", says: "is also the instance of vip_groups.app"),
    // Syntax and dangerous text.
    BadCase(name: "unterminated string", text: "[node]\nname = \"app1\nrole = \"app\"", key: nil,
            says: "TOML syntax error at line 2"),
    BadCase(name: "duplicate key", text: "[node]\nname = \"a\"\nname = \"b\"", key: nil, says: "at line 3"),
    BadCase(name: "header that crashes toml++", text: "[node]\nname = \"a\"\n[=x]", key: nil,
            says: "line 3, column 2: a table header must start with a key name"),
    BadCase(name: "NUL escape in a value", text: "[node]\nname = \"app1\\u0000evil\"", key: nil,
            says: "line 2, column 13: the escape for the NUL character is not allowed"),
]

@Suite("Invalid configs are refused with the key and the reason")
struct BadConfigTests {
    @Test("the table is big enough to cover the schema")
    func tableSize() {
        #expect(badCases.count >= 30)
    }

    @Test(arguments: badCases)
    func refused(_ bad: BadCase) {
        do {
            let config = try Fixtures.parse(bad.text)
            Issue.record("accepted: \(config)")
        } catch {
            #expect(error.key == bad.key, "\(error)")
            #expect(error.description.contains(bad.says), "\(error.description)")
            #expect(!error.description.contains("\n"))
            if let key = bad.key {
                #expect(error.description.hasPrefix(key + ":"), "\(error.description)")
            }
        }
    }
}
