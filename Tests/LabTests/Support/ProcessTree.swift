#if os(Linux)
import Foundation

/// What /proc says about processes the lab knows by PID: parent, state, command line, children.
/// The database lab finds a postmaster's workers (the walreceiver) by walking down from the one
/// postmaster PID it knows, never by matching names across the machine.
enum ProcessTree {
    /// One process as /proc/PID/stat reports it.
    struct Entry: Equatable {
        let pid: pid_t
        let parent: pid_t
        /// The state letter: R, S, D, T (stopped), Z (zombie)…
        let state: Character
    }

    /// The process `pid`, or nil when there is none.
    static func entry(_ pid: pid_t) -> Entry? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        return parse(stat: String(decoding: data, as: UTF8.self), pid: pid)
    }

    /// Parses a /proc/PID/stat line: the command name sits in parentheses and may itself contain
    /// spaces or parentheses, so the fields are read after the last ')'.
    static func parse(stat: String, pid: pid_t) -> Entry? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, let state = fields[0].first, let parent = pid_t(fields[1]) else { return nil }
        return Entry(pid: pid, parent: parent, state: state)
    }

    /// True when `pid` exists and is not a zombie (a zombie has ended; it only waits to be reaped,
    /// which a container's PID 1 may never do).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let entry = entry(pid) else { return false }
        return entry.state != "Z"
    }

    /// The command line of `pid` with its arguments joined by spaces. PostgreSQL rewrites it into
    /// the process title ("postgres: lab: walreceiver streaming 0/3000148").
    static func commandLine(_ pid: pid_t) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return data.split(separator: 0, omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The live (non-zombie) children of `parent`.
    static func children(of parent: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { pid in
            guard let entry = entry(pid) else { return false }
            return entry.parent == parent && entry.state != "Z"
        }.sorted()
    }
}
#endif
