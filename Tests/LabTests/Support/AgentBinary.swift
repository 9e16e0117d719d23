#if os(Linux)
import Foundation

/// Finds the `nodeagent` executable the lab runs in its namespaces, and what it can do. The lab tests
/// the real binary rather than linking the agent's modules, so that what runs in a namespace is what
/// runs on a node: the same process, config file, certificates and admin CLI.
enum AgentBinary {
    /// `NODEAGENT_BINARY` when set; else a `nodeagent` next to (or above) the test bundle, where
    /// SwiftPM puts the package's executables; else the debug build of the package these sources are in.
    static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["NODEAGENT_BINARY"], !override.isEmpty {
            return FileManager.default.isExecutableFile(atPath: override) ? override : nil
        }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            let candidate = directory.appendingPathComponent("nodeagent").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let built = packageRoot.appendingPathComponent(".build/debug/nodeagent").path
        return FileManager.default.isExecutableFile(atPath: built) ? built : nil
    }()

    /// The path, or `LabError.unavailable` saying how to get one.
    static func require() throws -> String {
        guard let path else {
            throw LabError.unavailable("no nodeagent binary: build it (swift build --product nodeagent) or set NODEAGENT_BINARY")
        }
        return path
    }

    /// True when the binary knows `subcommand` (its `--help` exits 0), so a test can tell an agent
    /// without VIP arbitration from one whose arbitration misbehaves.
    static func supports(_ subcommand: [String]) -> Bool {
        guard let path, let result = try? Command.run([path] + subcommand + ["--help"], timeout: .seconds(10)) else {
            return false
        }
        return result.succeeded
    }
}
#endif
