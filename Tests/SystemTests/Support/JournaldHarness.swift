import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A REAL `systemd-journald`, started by a test, isolated in its own mount namespace.
///
/// Why: the agent's promise is "every state change is a structured journal entry", and only a real
/// journald proves the fields survive the native protocol. The host here has no systemd as PID 1 and
/// must not be touched, so the daemon runs under `unshare --mount --propagation private` with temp
/// directories bind-mounted over `/run/systemd/journal`, `/run/log` and `/var/log/journal`, and with
/// its own `journald.conf` (volatile storage, no kmsg, no forwarding). A process the test starts
/// through `wrap(_:)` joins that namespace with `nsenter`, so its `sd_journal_sendv`, stdout stream
/// or syslog socket reach this journald and nothing else.
///
/// Needs root, `unshare`, `nsenter`, `journalctl` and `/lib/systemd/systemd-journald`; see
/// `unavailableReason`. Not thread-safe: use one harness from one test.
final class JournaldHarness {
    /// Root of everything this harness owns; removed by `stop()`.
    let directory: URL
    /// PID of the journald process (unshare and sh `exec` into it, so this is the daemon itself).
    let pid: Int32

    private let process: Process
    private var stopped = false

    static let journaldPath = "/lib/systemd/systemd-journald"
    static let unsharePath = "/usr/bin/unshare"
    static let nsenterPath = "/usr/bin/nsenter"
    static let journalctlPath = "/usr/bin/journalctl"

    /// Why the harness cannot run here, or nil when it can. Tests skip with this text.
    static var unavailableReason: String? {
        guard geteuid() == 0 else { return "the journald harness needs root (mount namespaces)" }
        for tool in [unsharePath, nsenterPath, journalctlPath, journaldPath]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "the journald harness needs \(tool), which is missing"
        }
        return nil
    }

    /// Starts journald and waits (up to `timeout`) until its sockets exist.
    init(timeout: Duration = .seconds(10)) throws(JournaldHarnessError) {
        if let reason = Self.unavailableReason { throw .unavailable(reason) }
        let root: URL
        do {
            root = try Self.makeDirectories()
        } catch {
            throw .setupFailed("cannot prepare temp directories: \(error)")
        }
        directory = root
        let log = root.appendingPathComponent("journald.log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.unsharePath)
        process.arguments = [
            "--mount", "--propagation", "private",
            "/bin/sh", root.appendingPathComponent("start.sh").path, root.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")  // journald must not notify the test's own manager
        process.environment = environment
        do {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw .setupFailed("cannot start journald: \(error)")
        }
        self.process = process
        pid = process.processIdentifier
        do {
            try waitUntilReady(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// `argv` prefixed so that it runs inside this journald's mount namespace.
    func wrap(_ argv: [String]) -> [String] {
        [Self.nsenterPath, "--mount=/proc/\(pid)/ns/mnt", "--"] + argv
    }

    /// Runs `argv` inside the namespace, feeding `input` on stdin, and waits for it.
    @discardableResult
    func run(_ argv: [String], input: String? = nil) throws(JournaldHarnessError) -> CommandResult {
        try Self.execute(wrap(argv), input: input)
    }

    /// Makes journald write out everything it has received so far (`journalctl --sync`, run inside
    /// the namespace because it talks to journald's varlink socket).
    func sync() throws(JournaldHarnessError) {
        let result = try run([Self.journalctlPath, "--sync"])
        guard result.status == 0 else { throw .commandFailed(result) }
    }

    /// The entries whose fields equal all of `matching`, oldest first, after a sync.
    ///
    /// A field journald holds several times (e.g. two metadata keys mapped to one name) comes back
    /// with its values joined by a newline; use `entryValues(matching:)` to see them apart. Binary
    /// values (shown as byte arrays by `journalctl -o json`) are decoded as UTF-8.
    func entries(matching: [String: String] = [:]) throws(JournaldHarnessError) -> [[String: String]] {
        try entryValues(matching: matching).map { entry in
            entry.mapValues { $0.joined(separator: "\n") }
        }
    }

    /// Like `entries(matching:)`, keeping every value of a multi-valued field.
    func entryValues(matching: [String: String] = [:]) throws(JournaldHarnessError) -> [[String: [String]]] {
        try sync()
        let files = journalFiles()
        guard !files.isEmpty else { return [] }
        let matches = matching.keys.sorted().map { "\($0)=\(matching[$0] ?? "")" }
        let argv = [Self.journalctlPath, "--no-pager", "--all", "--output=json"]
            + files.map { "--file=\($0)" } + matches
        let result = try Self.execute(argv, input: nil)
        guard result.status == 0 else { throw .commandFailed(result) }
        return try Self.decodeJSONLines(result.stdout)
    }

    /// Polls (sync + query) until at least `count` entries match or `timeout` passes; for processes
    /// that log asynchronously, where the test cannot know when the entry was sent.
    func waitForEntries(
        matching: [String: String],
        count: Int = 1,
        timeout: Duration = .seconds(10)
    ) throws(JournaldHarnessError) -> [[String: String]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = try entries(matching: matching)
            if found.count >= count { return found }
            if ContinuousClock.now >= deadline {
                throw .timedOut("waiting for \(count) entries matching \(matching); found \(found.count)")
            }
            usleep(50_000)
        }
    }

    /// Stops the journald this harness started (only that PID) and removes its temp directories.
    /// Safe to call twice.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// journald's diagnostics (its stderr), for failure messages.
    var daemonLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("journald.log"), encoding: .utf8)) ?? ""
    }

    // MARK: - Set-up

    /// The script that runs inside the new mount namespace; it never changes the host's view because
    /// every mount is private to the namespace. A missing mount point is never created on the host:
    /// the script covers its parent with a namespace-private tmpfs and creates it there.
    private static let startScript = """
        set -eu
        T="$1"
        if [ ! -d /run/systemd ] || [ ! -d /run/log ]; then
            mount -t tmpfs -o mode=0755,size=4m tmpfs /run
            mkdir -p /run/systemd /run/log
        fi
        if [ ! -d /run/systemd/journal ]; then
            mount -t tmpfs -o mode=0755,size=1m tmpfs /run/systemd
            mkdir /run/systemd/journal
        fi
        mount --bind "$T/socket" /run/systemd/journal
        mount --bind "$T/volatile" /run/log
        if [ -d /var/log/journal ]; then
            mount --bind "$T/persistent" /var/log/journal
        fi
        for d in /etc/systemd/journald.conf.d /run/systemd/journald.conf.d /usr/lib/systemd/journald.conf.d; do
            if [ -d "$d" ]; then
                mount --bind "$T/empty" "$d"
            fi
        done
        if [ -f /etc/systemd/journald.conf ]; then
            mount --bind "$T/journald.conf" /etc/systemd/journald.conf
        fi
        exec /lib/systemd/systemd-journald
        """

    /// Volatile storage keeps the files under our bind mount of /run/log; the rest keeps journald from
    /// importing the host's kernel log or writing to consoles and terminals.
    private static let journaldConf = """
        [Journal]
        Storage=volatile
        ReadKMsg=no
        ForwardToSyslog=no
        ForwardToKMsg=no
        ForwardToConsole=no
        ForwardToWall=no
        RateLimitIntervalSec=0
        SystemMaxUse=64M
        RuntimeMaxUse=64M

        """

    private static func makeDirectories() throws -> URL {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("journald-harness-\(getpid())-\(UUID().uuidString.prefix(8))")
        for sub in ["socket", "volatile", "persistent", "empty"] {
            try FileManager.default.createDirectory(
                at: base.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try startScript.write(to: base.appendingPathComponent("start.sh"), atomically: true, encoding: .utf8)
        try journaldConf.write(to: base.appendingPathComponent("journald.conf"), atomically: true, encoding: .utf8)
        return base
    }

    private func waitUntilReady(timeout: Duration) throws(JournaldHarnessError) {
        let sockets = ["socket", "io.systemd.journal"].map {
            directory.appendingPathComponent("socket").appendingPathComponent($0).path
        }
        let deadline = ContinuousClock.now + timeout
        while !sockets.allSatisfy(Self.isSocket) {
            guard process.isRunning else {
                throw .setupFailed("journald exited with status \(process.terminationStatus): \(daemonLog)")
            }
            guard ContinuousClock.now < deadline else {
                throw .timedOut("journald did not create its sockets within \(timeout): \(daemonLog)")
            }
            usleep(10_000)
        }
    }

    private static func isSocket(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK
    }

    /// Every journal file journald wrote (volatile or, if a host drop-in forced it, persistent).
    private func journalFiles() -> [String] {
        ["volatile", "persistent"].flatMap { storage -> [String] in
            let root = directory.appendingPathComponent(storage)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
            return walker.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".journal") || $0.hasSuffix(".journal~") }
                .sorted()
                .map { root.appendingPathComponent($0).path }
        }
    }

    // MARK: - Processes and JSON

    /// The outcome of a finished command.
    struct CommandResult: Sendable, CustomStringConvertible {
        let argv: [String]
        let status: Int32
        let stdout: String
        let stderr: String

        var description: String {
            "\(argv.joined(separator: " ")) exited \(status); stderr: \(stderr.prefix(2000))"
        }
    }

    static func execute(_ argv: [String], input: String?) throws(JournaldHarnessError) -> CommandResult {
        guard let executable = argv.first else { throw .setupFailed("empty command line") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw .setupFailed("cannot run \(executable): \(error)")
        }
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a chatty command cannot block on a full pipe.
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            argv: argv, status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData.finish(), as: UTF8.self))
    }

    /// Reads a pipe on its own thread while the caller drains the other one.
    private final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func finish() -> Data {
            done.wait()
            return data
        }
    }

    /// Decodes `journalctl -o json` output: one object per line; a value is a string, an array of
    /// byte values (binary or non-UTF-8 data), null (too large), or an array of those (a field given
    /// several times).
    static func decodeJSONLines(_ text: String) throws(JournaldHarnessError) -> [[String: [String]]] {
        var entries: [[String: [String]]] = []
        for line in text.split(separator: "\n") where !line.isEmpty {
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            } catch {
                throw .badOutput("journalctl printed a line that is not JSON: \(line.prefix(200))")
            }
            guard let fields = object as? [String: Any] else {
                throw .badOutput("journalctl printed JSON that is not an object: \(line.prefix(200))")
            }
            entries.append(fields.mapValues(values(of:)))
        }
        return entries
    }

    private static func values(of json: Any) -> [String] {
        if let text = json as? String { return [text] }
        if let bytes = byteArray(json) { return [String(decoding: bytes, as: UTF8.self)] }
        if let list = json as? [Any] { return list.flatMap(values(of:)) }
        return []
    }

    private static func byteArray(_ json: Any) -> [UInt8]? {
        guard let list = json as? [Any], !list.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for item in list {
            guard let number = item as? NSNumber, !(item is String),
                let byte = UInt8(exactly: number.intValue)
            else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

/// Why the harness could not do what a test asked.
enum JournaldHarnessError: Error, CustomStringConvertible {
    case unavailable(String)
    case setupFailed(String)
    case timedOut(String)
    case commandFailed(JournaldHarness.CommandResult)
    case badOutput(String)

    var description: String {
        switch self {
        case .unavailable(let reason): return "journald harness unavailable: \(reason)"
        case .setupFailed(let reason): return "journald harness set-up failed: \(reason)"
        case .timedOut(let reason): return "journald harness timed out \(reason)"
        case .commandFailed(let result): return "command failed: \(result)"
        case .badOutput(let reason): return "unexpected journalctl output: \(reason)"
        }
    }
}
