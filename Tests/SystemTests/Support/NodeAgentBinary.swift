import Foundation

/// The `nodeagent` executable built with the tests: SwiftPM puts it next to the test bundle.
enum NodeAgentBinary {
    static var path: String {
        if let override = ProcessInfo.processInfo.environment["NODEAGENT_BINARY"] { return override }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("nodeagent").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return "nodeagent"
    }
}
