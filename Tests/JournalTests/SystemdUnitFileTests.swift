import Foundation
import Testing

/// The shipped unit file `dist/nodeagent.service`: systemd itself must accept it, and the settings the
/// agent depends on (notify, watchdog, sandbox) must be there.
@Suite("systemd unit file")
struct SystemdUnitFileTests {
    static let unitURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("dist/nodeagent.service")
    static let analyzePath = "/usr/bin/systemd-analyze"

    private func unitText() throws -> String {
        try String(contentsOf: Self.unitURL, encoding: .utf8)
    }

    /// `Key=value` assignments, comments and section headers dropped; repeated keys keep every value.
    private func assignments(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return result
    }

    @Test(
        "systemd-analyze verify accepts the unit without a warning",
        .enabled(if: FileManager.default.isExecutableFile(atPath: analyzePath), "systemd-analyze is not installed"))
    func verifies() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // verify checks that ExecStart and ExecReload exist; the agent binary is not installed here,
        // /bin/true is (the package itself is verified under systemd by scripts/test-package.sh).
        let patched = try unitText().split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("ExecStart=") ? "ExecStart=/bin/true" : $0.hasPrefix("ExecReload=") ? "ExecReload=/bin/true" : String($0)
        }.joined(separator: "\n")
        let copy = directory.appendingPathComponent("nodeagent.service")
        try patched.write(to: copy, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.analyzePath)
        process.arguments = ["verify", copy.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0, "systemd-analyze verify: \(text)")
        let aboutUnit = text.split(separator: "\n").filter { $0.contains("nodeagent") }
        #expect(aboutUnit.isEmpty, "warnings about the unit: \(aboutUnit)")
    }

    @Test("the agent's life cycle settings are present")
    func lifeCycle() throws {
        let unit = assignments(try unitText())
        #expect(unit["Type"] == ["notify"])
        #expect(unit["ExecStart"] == ["/usr/bin/nodeagent agent --config /etc/nodeagent/nodeagent.toml"])
        #expect(unit["ExecReload"] == ["/usr/bin/nodeagent reload"])
        #expect(unit["WatchdogSec"]?.isEmpty == false)
        #expect(unit["Restart"] == ["on-failure"])
        #expect(unit["RestartSec"]?.isEmpty == false && unit["StartLimitBurst"]?.isEmpty == false)
        #expect(unit["TimeoutStopSec"]?.isEmpty == false)
    }

    @Test("the sandbox leaves only the agent's own state and runtime paths writable")
    func sandbox() throws {
        let unit = assignments(try unitText())
        #expect(unit["NoNewPrivileges"] == ["yes"])
        #expect(unit["ProtectSystem"] == ["strict"])
        #expect(unit["StateDirectory"] == ["nodeagent"])
        #expect(unit["RuntimeDirectory"] == ["nodeagent"])
        #expect(unit["ReadWritePaths"] == ["/run/nodeagent"])
        #expect(unit["PrivateTmp"] == ["yes"])
        #expect(unit["ProtectHome"] == ["yes"])
        for key in ["ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs"] {
            #expect(unit[key] == ["yes"], "\(key)")
        }
        let families = Set(unit["RestrictAddressFamilies"]?.first?.split(separator: " ").map(String.init) ?? [])
        #expect(families == ["AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"])
    }

    @Test("every capability kept is explained in a comment")
    func capabilitiesExplained() throws {
        let text = try unitText()
        let kept = assignments(text)["CapabilityBoundingSet"]?.first?.split(separator: " ").map(String.init) ?? []
        #expect(!kept.isEmpty && !kept.contains("CAP_SYS_ADMIN"))
        let comments = text.split(separator: "\n").filter { $0.hasPrefix("#") }
        for capability in kept {
            #expect(comments.contains { $0.contains(capability) }, "\(capability) has no comment")
        }
    }
}
