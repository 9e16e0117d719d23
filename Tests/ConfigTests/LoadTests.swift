import Foundation
import Testing
@testable import Config

@Suite("Loading config files from disk")
struct LoadTests {
    /// A fresh directory per test, removed afterwards.
    private func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("config-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test("relative paths resolve against the file's directory")
    func resolvesAgainstFile() throws {
        try withDirectory { directory in
            let path = directory + "/node.toml"
            try Data(Fixtures.minimal.utf8).write(to: URL(fileURLWithPath: path))
            let config = try NodeConfig.load(path: path)
            #expect(config.tls.ca == directory + "/tls/ca.pem")
            #expect(config.node.name == "app1")
        }
    }

    @Test("a missing file and a directory are unreadable, with the path")
    func unreadable() throws {
        try withDirectory { directory in
            #expect(throws: ConfigError.unreadable(path: directory + "/nope.toml", reason: "no such file")) {
                try NodeConfig.load(path: directory + "/nope.toml")
            }
            #expect(throws: ConfigError.unreadable(path: directory, reason: "it is a directory")) {
                try NodeConfig.load(path: directory)
            }
        }
    }

    @Test("invalid UTF-8 is a syntax error at the offending byte")
    func invalidUTF8() throws {
        try withDirectory { directory in
            let path = directory + "/bad.toml"
            var bytes = Array("[node]\nname = \"ap".utf8)
            bytes += [0xC3, 0x28] + Array("\"\n".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: ConfigError.syntax(line: 2, column: 11, message: "the file is not valid UTF-8")) {
                try NodeConfig.load(path: path)
            }
        }
    }

    @Test("a file larger than any config is refused without reading it all")
    func oversized() throws {
        try withDirectory { directory in
            let path = directory + "/huge.toml"
            try Data(repeating: UInt8(ascii: "#"), count: ConfigFile.maxBytes + 1).write(to: URL(fileURLWithPath: path))
            do {
                _ = try NodeConfig.load(path: path)
                Issue.record("accepted")
            } catch let error as ConfigError {
                guard case .unreadable(_, let reason) = error else {
                    Issue.record("wrong error \(error)")
                    return
                }
                #expect(reason.contains("larger than"))
            }
        }
    }
}
