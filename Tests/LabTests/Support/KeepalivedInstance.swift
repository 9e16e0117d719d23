#if os(Linux)
import Foundation

/// One real keepalived (Debian's) running in one node's namespace, in the foreground (`-n`) so the
/// PID the lab started is keepalived's own, with its own config, pid files and log in the lab's
/// directory. Stopping is by PID: SIGTERM (keepalived then drops its VIPs), then SIGKILL if needed,
/// for the parent and for the VRRP child whose PID keepalived wrote to our pid file.
final class KeepalivedInstance: LabService {
    let node: LabNode
    let settings: KeepalivedSettings
    let configPath: String
    let pidPath: String
    let vrrpPidPath: String

    /// Weak: the lab owns its services (to stop them), so a strong reference back would keep a
    /// forgotten lab, and its namespaces, alive forever.
    private weak var lab: Lab?
    private var process: LaunchedProcess?
    private var vrrpChild: pid_t?

    /// Writes the config for `node`; call `start()` to run keepalived.
    init(lab: Lab, node: LabNode, settings: KeepalivedSettings) throws {
        self.lab = lab
        self.node = node
        self.settings = settings
        let base = lab.directory + "/\(node.name)-keepalived"
        configPath = base + ".conf"
        pidPath = base + ".pid"
        vrrpPidPath = KeepalivedInstance.vrrpPidPath(labDirectory: lab.directory, node: node.name)
        let text = try KeepalivedConfig.render(settings, routerID: node.name, interface: node.interface,
                                               curl: try Command.resolve("curl"))
        guard FileManager.default.createFile(atPath: configPath, contents: Data(text.utf8)) else {
            throw LabError.invalidRequest("cannot write \(configPath)")
        }
        lab.register(self)
    }

    /// Where the instance on `node` has keepalived write its VRRP child's PID (`-r`): known before the
    /// instance exists, so the agent's config can name it (`[keepalived] vrrp_pid_file`).
    static func vrrpPidPath(labDirectory: String, node: String) -> String {
        labDirectory + "/\(node)-keepalived-vrrp.pid"
    }

    private func liveLab() throws -> Lab {
        guard let lab else { throw LabError.invalidRequest("the lab of this keepalived on \(node.name) is gone") }
        return lab
    }

    /// keepalived's own PID, while it runs.
    var pid: pid_t? { process.flatMap { $0.isRunning ? $0.pid : nil } }

    /// The argv the lab runs inside the namespace: VRRP only (-P), logging to the console in detail
    /// (-l -D) and not to syslog (-G), private pid files so instances never see each other's.
    var argv: [String] {
        get throws {
            [try Command.resolve("keepalived"), "-n", "-P", "-l", "-D", "-G",
             "-f", configPath, "-p", pidPath, "-r", vrrpPidPath]
        }
    }

    /// Checks the config with `keepalived -t` (inside the node, so the interface exists).
    func configTest() throws -> CommandResult {
        try liveLab().run(in: node, [try Command.resolve("keepalived"), "-t", "-f", configPath], timeout: .seconds(10))
    }

    /// Starts keepalived and returns once its VRRP child is running, or throws within `timeout`.
    func start(timeout: Duration = .seconds(5)) throws {
        guard pid == nil else { return }
        let started = try liveLab().launch(in: node, try argv, logName: "\(node.name)-keepalived.log")
        process = started
        let deadline = ContinuousClock.now + timeout
        while vrrpChild == nil {
            vrrpChild = readChildPID()
            if vrrpChild != nil { break }
            guard started.isRunning, ContinuousClock.now < deadline else {
                throw LabError.timedOut("keepalived's VRRP child on \(node): \(started.logTail())")
            }
            usleep(10_000)
        }
    }

    /// Stops keepalived gracefully (it releases the VIP), then makes sure its VRRP child is gone.
    func stop() {
        process?.stop(grace: .seconds(5))
        process = nil
        killChildIfLeft()
    }

    /// Kills keepalived without letting it release anything, as a crash or power loss would.
    func crash() {
        if let child = vrrpChild, isOurs(child) { kill(child, SIGKILL) }
        process?.crash()
        process = nil
        killChildIfLeft()
    }

    /// The last part of keepalived's log, for failure messages.
    func logTail() -> String { process?.logTail() ?? "" }

    // MARK: - The VRRP child

    private func readChildPID() -> pid_t? {
        guard let data = FileManager.default.contents(atPath: vrrpPidPath),
              let value = pid_t(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              value > 1, isOurs(value) else { return nil }
        return value
    }

    /// True when `pid` is a keepalived running with this instance's config, so a recycled PID is never
    /// signalled.
    private func isOurs(_ pid: pid_t) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains(configPath) && arguments.first?.hasSuffix("keepalived") == true
    }

    private func killChildIfLeft() {
        guard let child = vrrpChild else { return }
        vrrpChild = nil
        let deadline = ContinuousClock.now + .seconds(2)
        while isOurs(child), ContinuousClock.now < deadline { usleep(10_000) }
        if isOurs(child) { kill(child, SIGKILL) }
    }
}
#endif
