import Foundation

/// OOM kills as the kernel counts them: `oom_kill` in /proc/vmstat rises by one for every process the
/// OOM killer (global or a memory cgroup's) kills. The evidence is the kernel's own line about the
/// latest kill, from the journal's kernel messages.
public struct KernelOOMReader: Sendable {
    public let vmstatPath: String

    public init(vmstatPath: String = "/proc/vmstat") {
        self.vmstatPath = vmstatPath
    }

    /// The kernel's count of OOM kills since boot, nil when unreadable (an old kernel, a container).
    public func count() -> Int? {
        guard let text = try? String(contentsOfFile: vmstatPath, encoding: .utf8) else { return nil }
        return Self.parse(text)
    }

    static func parse(_ text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
            return Int(line.dropFirst("oom_kill ".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The kernel's latest "Killed process …" line, via journalctl, or a pointer to it when unreadable.
    public func latestKill() async -> String {
        let fallback = "see `journalctl -k -g 'Killed process'`"
        let outcome = await ProcessRunner.run(["/usr/bin/journalctl", "-k", "-b", "--no-pager", "-o", "cat",
                                               "-g", "Killed process", "-n", "1"], timeout: .seconds(3))
        guard case .exited(0) = outcome.ending else { return fallback }
        let line = outcome.output.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        return line.isEmpty ? fallback : line
    }
}
