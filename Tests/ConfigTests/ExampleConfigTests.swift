import Foundation
import Testing
@testable import Config

@Suite("The example config shipped to operators")
struct ExampleConfigTests {
    /// `dist/nodeagent.example.toml`, found from this source file (symlinks resolved).
    static var examplePath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("dist/nodeagent.example.toml").path
    }

    @Test("parses, with every section present and every path resolved")
    func parses() throws {
        let config = try NodeConfig.load(path: Self.examplePath)
        let directory = ConfigPath.directory(of: Self.examplePath)
        #expect(config.node.name == "app1")
        #expect(config.network.seeds.count == 3)
        #expect(config.tls.ca == directory + "/tls/ca.pem")
        #expect(config.checks.keys.sorted() == ["web", "web_container"])
        #expect(config.vipGroups["app"]?.checks == ["web", "web_container"])
        #expect(try NodeConfig.parse(config.renderTOML(), baseDirectory: "/") == config)
    }

    @Test("its commented-out tuning keys are valid when uncommented")
    func commentedKeysAreValid() throws {
        let text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let isKeyLine = line.hasPrefix("# ") && line.dropFirst(2).first?.isLowercase == true
                && line.contains(" = ") && !line.contains("->")
            return isKeyLine ? line.dropFirst(2) : line
        }.joined(separator: "\n")
        let config = try NodeConfig.parse(uncommented, baseDirectory: "/etc/nodeagent")
        #expect(config.gossip.probeIntervalMs == 160 && config.gossip.rejoinIntervalMs == 2000)
        #expect(config.quorum.clockDriftMarginMs == 20)
        #expect(config.quorum.voters == ["app1", "app2", "int1", "int2", "db1"])
    }
}
