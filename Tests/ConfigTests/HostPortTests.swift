import Testing
@testable import Config

@Suite("host:port, IP and CIDR parsing")
struct HostPortTests {
    @Test("valid endpoints parse to a canonical form", arguments: [
        ("10.0.0.5:7946", "10.0.0.5", 7946, "10.0.0.5:7946"),
        ("[::1]:1", "::1", 1, "[::1]:1"),
        ("[FD00:0:0:0:0:0:0:5]:65535", "fd00::5", 65535, "[fd00::5]:65535"),
        ("[::ffff:10.0.0.1]:80", "::ffff:a00:1", 80, "[::ffff:a00:1]:80"),
        ("App1.Example.NET:22", "app1.example.net", 22, "app1.example.net:22"),
        ("localhost:7946", "localhost", 7946, "localhost:7946"),
        ("[1:0:0:1:0:0:0:1]:9", "1:0:0:1::1", 9, "[1:0:0:1::1]:9"),
    ])
    func valid(text: String, host: String, port: Int, canonical: String) throws {
        let parsed = try HostPort.parse(text)
        #expect(parsed.host == host && parsed.port == port)
        #expect(parsed.description == canonical)
        #expect(try HostPort.parse(parsed.description) == parsed)
    }

    @Test("invalid endpoints are refused", arguments: [
        "", ":", "host", "host:", ":80", "1.2.3.4:080000", "1.2.3.4:+80", "1.2.3.4:-1", "1.2.3:80",
        "01.2.3.4:80", "1.2.3.256:80", "[1.2.3.4]:80", "[::1]", "[::1]80", "::1:80", "[1::2::3]:80",
        "[1:2:3:4:5:6:7:8:9]:80", "[:::1]:80", "a..b:80", "-a:80", "a-:80", "a b:80", "ä:80",
        "[fe80::1%eth0]:80", String(repeating: "a", count: 64) + ":80",
    ])
    func invalid(text: String) {
        #expect(throws: HostPortError.self) { try HostPort.parse(text) }
    }

    @Test("wildcards are recognised")
    func wildcards() throws {
        #expect(try HostPort.parse("0.0.0.0:1").isWildcard)
        #expect(try HostPort.parse("[::]:1").isWildcard)
        #expect(try HostPort.parse("[0:0::0]:1").isWildcard)
        #expect(!(try HostPort.parse("0.0.0.1:1").isWildcard))
        #expect(!(try HostPort.parse("zero:1").isWildcard))
    }

    @Test("CIDR keeps host bits and bounds the prefix by the address family")
    func cidr() {
        #expect(CIDR.parse("198.18.0.100/24")?.description == "198.18.0.100/24")
        #expect(CIDR.parse("fd00::1/128")?.prefixLength == 128)
        #expect(CIDR.parse("10.0.0.1/0")?.prefixLength == 0)
        for bad in ["10.0.0.1", "10.0.0.1/", "10.0.0.1/33", "fd00::1/129", "10.0.0.1/024", "/24", "a/24",
                    "10.0.0.1/2/3", "10.0.0.1/-1"] {
            #expect(CIDR.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("suggestions find typos but not unrelated words")
    func suggestions() {
        let keys = ["listen", "advertise", "seeds", "admin_socket", "admin_listen"]
        #expect(KeySuggester.suggest("lsiten", among: keys) == "listen")
        #expect(KeySuggester.suggest("admin-socket", among: keys) == "admin_socket")
        #expect(KeySuggester.suggest("SEEDS", among: keys) == "seeds")
        #expect(KeySuggester.suggest("advertize", among: keys) == "advertise")
        #expect(KeySuggester.suggest("colour", among: keys) == nil)
        #expect(KeySuggester.suggest("", among: keys) == nil)
    }
}
