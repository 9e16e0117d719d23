import Foundation
import Testing
@testable import Keepalived

@Suite("keepalived snippet")
struct SnippetGeneratorTests {
    static let generator = SnippetGenerator(group: "app", instance: "APP", trackFilePath: "/run/nodeagent/app.track",
                                            notifyFIFOPath: "/run/nodeagent/keepalived.fifo")

    @Test func blocksAreWrittenOverSeveralLines() throws {
        let snippet = try Self.generator.generate()
        #expect(snippet.trackFileDefinition.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } == [
            "track_file nodeagent_app {", "file \"/run/nodeagent/app.track\"", "weight 1", "init_file 0 overwrite", "}",
        ])
        #expect(snippet.instanceReference.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            == ["track_file {", "nodeagent_app", "}"])
        #expect(snippet.globalDefs.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            == ["global_defs {", "vrrp_notify_fifo /run/nodeagent/keepalived.fifo", "enable_script_security", "script_user root", "}"])
        #expect(snippet.leaseScriptDefinition.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } == [
            "vrrp_script nodeagent_app_lease {", "script \"/usr/bin/test /run/nodeagent/app.lease -nt /proc/self/\"",
            "interval 1", "timeout 1", "fall 1", "rise 1", "}",
        ])
        #expect(snippet.leaseScriptReference.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            == ["track_script {", "nodeagent_app_lease", "}"])
        for piece in [snippet.globalDefs, snippet.trackFileDefinition, snippet.instanceReference,
                      snippet.leaseScriptDefinition, snippet.leaseScriptReference] {
            #expect(snippet.text.contains(piece))
        }
        // No line holds both an opening and a closing brace: the one-line form keepalived ignores.
        for line in snippet.text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(!(line.contains("{") && line.contains("}")), "\(line)")
        }
    }

    @Test func refusesValuesKeepalivedWouldSplit() {
        var generator = Self.generator
        generator.instance = "APP 2"
        #expect(throws: SnippetError.badName(field: "instance", value: "APP 2")) { try generator.generate() }
        generator = Self.generator
        generator.trackFilePath = "relative/app.track"
        #expect(throws: SnippetError.badPath(field: "track file path", value: "relative/app.track")) {
            try generator.generate()
        }
        generator = Self.generator
        generator.notifyFIFOPath = "/run/a b"
        #expect(throws: SnippetError.self) { try generator.generate() }
        generator = Self.generator
        generator.initialValue = -300
        #expect(throws: SnippetError.initialValueOutOfRange(-300)) { try generator.generate() }
    }

    /// The snippet, pasted into a complete configuration, passes `keepalived --config-test`.
    /// Skipped when keepalived or a multicast-capable interface (VRRP needs one) is missing.
    @Test func realKeepalivedAcceptsTheSnippet() throws {
        guard let keepalived = ["/usr/sbin/keepalived", "/sbin/keepalived", "/usr/local/sbin/keepalived"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipping: keepalived is not installed")
            return
        }
        guard let interface = Self.multicastInterface() else {
            print("skipping: no multicast-capable interface for a vrrp_instance")
            return
        }
        let directory = try TemporaryDirectory()
        var generator = Self.generator
        generator.trackFilePath = directory.file("app.track")
        generator.notifyFIFOPath = directory.file("keepalived.fifo")
        let snippet = try generator.generate()
        let config = """
            \(snippet.globalDefs)

            \(snippet.trackFileDefinition)

            \(snippet.leaseScriptDefinition)

            vrrp_instance APP {
                state BACKUP
                interface \(interface)
                virtual_router_id 51
                priority 100
                advert_int 1
                virtual_ipaddress {
                    198.18.0.100/24
                }
            \(snippet.instanceReference)
            \(snippet.leaseScriptReference)
            }

            """
        let path = directory.file("keepalived.conf")
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(keepalived, ["--config-test", "-f", path])
        #expect(status == 0, "keepalived --config-test said: \(output)\n\(config)")
    }

    /// keepalived 2.2.7's config test can spin forever on some mistakes (an unknown track_file reference),
    /// so the run has a deadline and is killed past it.
    static func run(_ command: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + 20) == .timedOut {
            process.terminate()
            done.wait()
            return (-1, "timed out")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    /// The first interface that is up to multicast and not loopback, from /sys/class/net flags.
    static func multicastInterface() -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []
        return names.sorted().first { name in
            guard let text = try? String(contentsOfFile: "/sys/class/net/\(name)/flags", encoding: .utf8),
                  let flags = Int(text.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst(2), radix: 16)
            else { return false }
            return flags & 0x1000 != 0 && flags & 0x8 == 0
        }
    }
}
