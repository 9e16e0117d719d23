import Testing
@testable import Actions
import SeededRandom

@Suite struct HTTPTargetTests {
    @Test func parsesHostsPortsAndTargets() throws {
        let plain = try HTTPTarget.parse("http://127.0.0.1:8080/health?deep=1#frag").get()
        #expect(plain == HTTPTarget(secure: false, host: "127.0.0.1", port: 8080, target: "/health?deep=1"))
        #expect(plain.hostHeader == "127.0.0.1:8080")
        let v6 = try HTTPTarget.parse("https://[::1]/").get()
        #expect(v6 == HTTPTarget(secure: true, host: "::1", port: 443, target: "/"))
        #expect(v6.hostHeader == "[::1]")
        #expect(try HTTPTarget.parse("http://localhost").get().target == "/")
        #expect(try HTTPTarget.parse("http://localhost?x").get().target == "/?x")
    }

    @Test(arguments: ["", "http://", "http://:80/", "mailto:x", "http://h:0/", "http://h:65536", "http://[::1",
                      "http://[::1]x/", "http://h\u{0}/", "http://h /"])
    func rejectsBadURLsWithAReason(url: String) {
        guard case .failure(let error) = HTTPTarget.parse(url) else {
            Issue.record("accepted \(url)")
            return
        }
        #expect(!error.description.isEmpty)
    }

    @Test(arguments: 0..<50)
    func randomInputNeverTraps(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let alphabet = Array("http:s/[]@?#:0123456789abc. \r\n\u{7f}é")
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "h" })
            _ = HTTPTarget.parse(text)
            _ = HTTPTarget.parse("http://" + text)
        }
    }
}
