import Foundation
import Operations

/// Where systemd is the service manager, a step runs as a transient service unit started by
/// `systemd-run`, not as the agent's child: the agent's own unit is sandboxed (a read-only `/usr`,
/// no new privileges, its own cgroup limits), and an update that must write `/opt`, load images or
/// restart nginx must not inherit that. systemd-run `--wait --pipe` keeps the step's output on our
/// pipes and returns its exit status; `KillMode=control-group` and a stop timeout make a cancel or a
/// timeout end every process of the step. Elsewhere (a container, this project's lab) the step is a
/// process group of the agent's, as before.
public struct TransientUnit: Hashable, Sendable {
    public static let systemdRun = "/usr/bin/systemd-run"
    public static let systemctl = "/usr/bin/systemctl"

    public let name: String

    /// The unit an attempt runs as: unique per attempt, so a retry never meets its predecessor's unit.
    public init(_ id: AttemptID) {
        let raw = "nodeagent-op-\(id.operation)-\(id.node)-s\(id.step)-a\(id.attempt)"
        name = String(raw.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }.prefix(240)) + ".service"
    }

    /// Whether steps should run as transient units here: systemd runs as PID 1 (it creates
    /// `/run/systemd/system`), systemd-run exists, and `NODEAGENT_STEP_RUNNER` does not say `direct`.
    public static func isAvailable(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["NODEAGENT_STEP_RUNNER"] != "direct" else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: "/run/systemd/system", isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: systemdRun)
    }

    /// systemd-run's arguments (after the program) for `argv` with `environment` and a working directory.
    public func arguments(argv: [String], environment: [String: String], workingDirectory: String?, timeoutMilliseconds: Int) -> [String] {
        var arguments = ["--quiet", "--wait", "--pipe", "--collect", "--service-type=exec", "--unit=\(name)",
                         "--property=KillMode=control-group", "--property=TimeoutStopSec=2",
                         "--property=RuntimeMaxSec=\(max(1, (timeoutMilliseconds + 999) / 1000) + 5)"]
        arguments += environment.sorted { $0.key < $1.key }.map { "--setenv=\($0.key)=\($0.value)" }
        if let workingDirectory { arguments.append("--working-directory=\(workingDirectory)") }
        return arguments + ["--"] + argv
    }

    /// What stops the unit, every process in it, when the step is cancelled or times out.
    public var stopArguments: [String] { ["stop", "--no-block", name] }
}
