#if os(Linux)
import Testing

/// The rendered keepalived.conf: the users' usual setup, nodeagent's hooks, and refusals of anything
/// outside the lab's address range or that would break the config's syntax.
@Suite struct KeepalivedConfigTests {
    private func render(_ settings: KeepalivedSettings) throws -> String {
        try KeepalivedConfig.render(settings, routerID: "app1", interface: "e1x1n1", curl: "/usr/bin/curl")
    }

    @Test func usualSetupHasTheInstanceTheVIPAndTheCheck() throws {
        var settings = KeepalivedSettings(priority: 101, check: .init(url: "http://198.18.0.11:8080/"))
        settings.initialState = .master
        let text = try render(settings)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for expected in ["state MASTER", "interface e1x1n1", "virtual_router_id 51", "priority 101",
                         "advert_int 1", "198.18.0.100/24 dev e1x1n1", "interval 1", "fall 2", "rise 1", "chk_http"] {
            #expect(lines.contains(expected), "missing '\(expected)' in\n\(text)")
        }
        #expect(text.contains("script \"/usr/bin/curl -s -f -o /dev/null --max-time 0.8 http://198.18.0.11:8080/\""))
        #expect(text.filter { $0 == "{" }.count == text.filter { $0 == "}" }.count)
        #expect(!text.contains("track_file"))
        #expect(!text.contains("vrrp_notify_fifo"))
    }

    @Test func trackFileAndFIFOAreWrittenOverSeveralLines() throws {
        var settings = KeepalivedSettings(priority: 100)
        settings.trackFile = .init(name: "arb", path: "/run/x/arb", weight: 1)
        settings.notifyFIFO = "/run/x/fifo"
        let text = try render(settings)
        #expect(text.contains("track_file arb {\n    file \"/run/x/arb\"\n    weight 1\n}"))
        #expect(text.contains("    track_file {\n        arb\n    }"))
        #expect(text.contains("vrrp_notify_fifo \"/run/x/fifo\""))
        #expect(!text.contains("track_script"))
    }

    @Test(arguments: ["10.0.0.1", "198.17.255.255", "198.20.0.1", "198.18.0", "198.18.0.256", "198.18.+1.1",
                      "", "::1", "198.18.0.1/24"])
    func vipOutsideTheLabRangeIsRefused(vip: String) {
        var settings = KeepalivedSettings(priority: 100)
        settings.vip = vip
        #expect(throws: LabError.self) { try render(settings) }
        #expect(!KeepalivedConfig.isLabAddress(vip))
    }

    @Test func labRangeIsAccepted() {
        #expect(KeepalivedConfig.isLabAddress("198.18.0.100"))
        #expect(KeepalivedConfig.isLabAddress("198.19.255.255"))
    }

    @Test func settingsThatWouldBreakTheConfigAreRefused() {
        var badPriority = KeepalivedSettings(priority: 255)
        badPriority.vip = "198.18.0.100"
        #expect(throws: LabError.self) { try render(badPriority) }
        var quote = KeepalivedSettings(priority: 100, check: .init(url: "http://x/\"; reboot"))
        quote.vip = "198.18.0.100"
        #expect(throws: LabError.self) { try render(quote) }
        var name = KeepalivedSettings(priority: 100)
        name.instance = "APP }"
        #expect(throws: LabError.self) { try render(name) }
        var weight = KeepalivedSettings(priority: 100)
        weight.trackFile = .init(path: "/x", weight: 254)
        #expect(throws: LabError.self) { try render(weight) }
        #expect(throws: LabError.self) {
            try KeepalivedConfig.render(KeepalivedSettings(priority: 100), routerID: "app1", interface: "eth0;x", curl: "/c")
        }
    }
}
#endif
