import Foundation
import Testing

/// A scratch directory removed when the test is done.
struct ScratchDirectory: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("pki-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The outcome of running a command.
struct CommandResult {
    var status: Int32
    var output: String
}

/// Runs external commands (openssl, sh) for the interoperability tests.
enum Command {
    /// Finds `name` in the directories of `PATH`, so the tests use whatever openssl the host provides.
    static func locate(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }

    /// Runs `executable` with `arguments` in `directory`, stdout and stderr merged.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs an openssl subcommand.
    @discardableResult
    static func openssl(_ arguments: [String], in directory: String) throws -> CommandResult {
        try run(locate("openssl"), arguments, in: directory)
    }

    /// Runs a shell script with `set -e`, as an operator would paste it.
    @discardableResult
    static func shell(_ script: String, in directory: String, environment: [String: String] = [:]) throws -> CommandResult {
        try run(locate("sh"), ["-e", "-c", script], in: directory, environment: environment)
    }
}

/// POSIX permission bits of a file.
func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

