import Foundation

/// Whether keepalived's VRRP process runs on this node, read from its pid file and /proc: the process
/// that sends the adverts and owns the addresses. Watched by the agent every tick, because keepalived
/// killed with SIGKILL leaves the VIP on the interface and a stopped one keeps it there while its peer
/// takes over (two holders) — only the agent beside it can notice and remove the address.
public enum KeepalivedProcess: Equatable, Sendable, CustomStringConvertible {
    /// Running and scheduled.
    case running(pid: Int32)
    /// The process exists but is stopped or traced (SIGSTOP): it sends no adverts yet keeps its addresses.
    case stopped(pid: Int32)
    /// No such process, a zombie, a PID reused by another program, or no pid file: keepalived is gone.
    case gone

    /// Where keepalived 2.x writes its VRRP child's pid when started with its default config, newest
    /// layout first; `[keepalived] vrrp_pid_file` names another (keepalived's `-r`/`--vrrp_pid`).
    public static let defaultPidFiles = ["/run/keepalived/vrrp.pid", "/run/vrrp.pid"]

    /// True only while keepalived can act: running and not stopped.
    public var isRunning: Bool {
        if case .running = self { return true }
        return false
    }

    /// Reads the first of `pidFiles` that exists and looks the PID up in `proc`.
    public static func look(pidFiles: [String], proc: String = "/proc") -> KeepalivedProcess {
        for path in pidFiles {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let pid = Int32(text), pid > 0 else { return .gone }
            return look(pid: pid, proc: proc)
        }
        return .gone
    }

    /// The state of `pid` from `<proc>/<pid>/stat`, provided its command is keepalived.
    public static func look(pid: Int32, proc: String = "/proc") -> KeepalivedProcess {
        guard let data = FileManager.default.contents(atPath: "\(proc)/\(pid)/stat") else { return .gone }
        return parse(stat: String(decoding: data, as: UTF8.self), pid: pid)
    }

    /// Parses one `/proc/<pid>/stat` line: `PID (COMM) STATE …`. The command may itself hold spaces or
    /// parentheses, so the state is read after the LAST closing parenthesis.
    public static func parse(stat: String, pid: Int32) -> KeepalivedProcess {
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"), open < close else { return .gone }
        let command = stat[stat.index(after: open)..<close]
        guard command == "keepalived" else { return .gone }
        let rest = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard let state = rest.first?.first else { return .gone }
        switch state {
        case "Z", "X", "x": return .gone
        case "T", "t": return .stopped(pid: pid)
        default: return .running(pid: pid)
        }
    }

    public var description: String {
        switch self {
        case let .running(pid): "running (pid \(pid))"
        case let .stopped(pid): "stopped (pid \(pid))"
        case .gone: "not running"
        }
    }
}
