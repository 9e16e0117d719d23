import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Installs the agent's log handler into swift-log, once, at start-up.
public enum LogBootstrap {
    /// The socket journald listens on for native-protocol entries; its presence means a journal is there.
    public static let journalSocketPath = "/run/systemd/journal/socket"

    /// The sink actually used once `.auto` has been decided.
    public enum ResolvedTarget: String, Sendable, Equatable {
        case journald
        case stderr
    }

    /// Decides `.auto`: journald when its socket exists, else stderr. Pure, so the rule is tested.
    public static func resolve(_ target: LogTarget, journalSocketExists: Bool) -> ResolvedTarget {
        switch target {
        case .journald: return .journald
        case .stderr: return .stderr
        case .auto: return journalSocketExists ? .journald : .stderr
        }
    }

    /// Whether journald's socket exists on this machine (in this mount namespace).
    public static func journalSocketExists(atPath path: String = journalSocketPath) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return (status.st_mode & S_IFMT) == S_IFSOCK
    }

    /// A handler for `label` writing to `target`; what `bootstrap` installs for every logger.
    public static func makeHandler(
        label: String,
        identifier: String,
        level: Logger.Level,
        target: ResolvedTarget
    ) -> any LogHandler {
        switch target {
        case .journald: return JournaldLogHandler(label: label, identifier: identifier, logLevel: level)
        case .stderr: return StderrLogHandler(label: label, logLevel: level)
        }
    }

    /// Installs the handler for the whole process and returns which sink was chosen (worth logging).
    ///
    /// swift-log allows exactly one bootstrap per process; call this once from `main`, never from tests.
    @discardableResult
    public static func bootstrap(
        identifier: String = "nodeagent",
        level: Logger.Level = .info,
        target: LogTarget = .auto
    ) -> ResolvedTarget {
        let resolved = resolve(target, journalSocketExists: journalSocketExists())
        LoggingSystem.bootstrap { label in
            // Every state change logged is also counted (`/metrics`).
            EventCountingLogHandler(makeHandler(label: label, identifier: identifier, level: level, target: resolved))
        }
        return resolved
    }
}
