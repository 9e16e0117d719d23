import Diagnose
import Foundation

/// What each check reads, and the evaluator it hands the text to.
extension DiagnosticShell {
    typealias Job = @Sendable () async -> Finding

    static let tcpTables = ["/proc/net/tcp", "/proc/net/tcp6"]

    static func jobs(_ context: DiagnosticContext, now: Date) -> [String: Job] {
        let window = "--since=-\(DiagnosticThresholds.journalWindowHours)h"
        return [
            FailedUnitsCheck.name: { FailedUnitsCheck.evaluate(await failedUnits()) },
            KernelTaintCheck.name: { await file("/proc/sys/kernel/tainted") { KernelTaintCheck.evaluate(tainted: $0) } },
            UptimeCheck.name: { await file("/proc/uptime") { UptimeCheck.evaluate(uptime: $0) } },
            MemoryCheck.name: { await file("/proc/meminfo") { MemoryCheck.evaluate(meminfo: $0) } },
            SwapCheck.name: { await file("/proc/meminfo") { SwapCheck.evaluate(meminfo: $0) } },
            CPUCheck.name: {
                let (loadavg, before, after) = await cpuSamples()
                return CPUCheck.evaluate(loadavg: loadavg, before: before, after: after)
            },
            CPUCoreCheck.name: {
                let (_, before, after) = await cpuSamples()
                return CPUCoreCheck.evaluate(before: before, after: after)
            },
            FileHandleCheck.name: {
                await BlockingCall.run {
                    FileHandleCheck.evaluate(fileNr: ProcText.text("/proc/sys/fs/file-nr"), holders: ProcessTable.descriptorHolders())
                }
            },
            SSHLoginCheck.name: {
                SSHLoginCheck.evaluate(await journal([window, "--no-pager", "-o", "short-iso", "_COMM=sshd", "_COMM=sshd-session"]))
            },
            OOMKillCheck.name: { OOMKillCheck.evaluate(await journal(["-k", window, "--no-pager", "-o", "short-iso"])) },
            PathCheck.name: {
                await BlockingCall.run { PathCheck.evaluate(path: context.path, facts: pathFacts(context.path)) }
            },
            SSHDCheck.name: {
                await BlockingCall.run {
                    let configs = ["/etc/ssh/sshd_config"] + (ProcText.entries("/etc/ssh/sshd_config.d") ?? [])
                        .filter { $0.hasSuffix(".conf") }.sorted().map { "/etc/ssh/sshd_config.d/" + $0 }
                    let installed = ["/usr/sbin/sshd", "/usr/bin/sshd", "/sbin/sshd"].contains { FileManager.default.isExecutableFile(atPath: $0) }
                    return SSHDCheck.evaluate(installed: installed, processes: ProcessTable.count(named: "sshd"),
                                              tcp: tcpTables.map(ProcText.text), config: configs.map(ProcText.text))
                }
            },
            EphemeralPortCheck.name: {
                await BlockingCall.run {
                    EphemeralPortCheck.evaluate(range: ProcText.text("/proc/sys/net/ipv4/ip_local_port_range"), tcp: tcpTables.map(ProcText.text))
                }
            },
            TimeWaitCheck.name: { await BlockingCall.run { TimeWaitCheck.evaluate(tcp: tcpTables.map(ProcText.text)) } },
            CloseWaitCheck.name: {
                await BlockingCall.run {
                    let tcp = tcpTables.map(ProcText.text)
                    let inodes = Set((TCPSocketTable.parse(tcp)?.sockets ?? []).filter { $0.state == .closeWait }.map(\.inode))
                    return CloseWaitCheck.evaluate(tcp: tcp, owners: ProcessTable.socketOwners(of: inodes))
                }
            },
            GatewayCheck.name: {
                await BlockingCall.run { GatewayCheck.evaluate(route: ProcText.text("/proc/net/route"), arp: ProcText.text("/proc/net/arp")) }
            },
            MACAddressCheck.name: { await BlockingCall.run { MACAddressCheck.evaluate(interfaces()) } },
            DNSCheck.name: {
                let names = Array(Set(context.memberNames)).sorted()
                let answers = await withTaskGroup(of: NameResolution.self) { group in
                    for name in names { group.addTask { await BlockingCall.run { NameResolver.resolve(name) } } }
                    var answers: [NameResolution] = []
                    for await answer in group { answers.append(answer) }
                    return answers.sorted { $0.name < $1.name }
                }
                return DNSCheck.evaluate(answers)
            },
            CertificateCheck.nodeName: {
                await BlockingCall.run {
                    CertificateCheck.evaluate(.node(node: context.node, role: context.role, certificatePath: context.certificatePath, keyPath: context.keyPath),
                                              pem: ProcText.read(context.certificatePath, limit: 1 << 20), now: now)
                }
            },
            CertificateCheck.caName: {
                await BlockingCall.run {
                    CertificateCheck.evaluate(.ca(path: context.caPath), pem: ProcText.read(context.caPath, limit: 1 << 20), now: now)
                }
            },
        ]
    }

    /// Reads one file on a thread of its own and evaluates its text ("" when unreadable, which every
    /// evaluator reports as unknown).
    static func file(_ path: String, _ evaluate: @escaping @Sendable (String) -> Finding) async -> Finding {
        await BlockingCall.run { evaluate(ProcText.text(path)) }
    }

    /// /proc/loadavg and two /proc/stat samples `cpuSampleMilliseconds` apart.
    static func cpuSamples() async -> (String, String, String) {
        await BlockingCall.run {
            let before = ProcText.text("/proc/stat")
            usleep(useconds_t(DiagnosticThresholds.cpuSampleMilliseconds * 1000))
            return (ProcText.text("/proc/loadavg"), before, ProcText.text("/proc/stat"))
        }
    }

    /// The first of the usual directories holding `program`.
    static func executable(_ program: String) -> String? {
        ["/usr/bin", "/bin", "/usr/sbin", "/sbin"].map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Bytes of journal or systemctl output kept: a day of a noisy sshd fits, a flood is cut.
    static let commandOutputLimit = 4 << 20

    static func failedUnits() async -> SourceText {
        guard FileManager.default.fileExists(atPath: "/run/systemd/system") else {
            return .absent("systemd is not running as init (PID 1 is \(ProcText.text("/proc/1/comm").trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        guard let systemctl = executable("systemctl") else { return .absent("no systemctl on this node") }
        return await command([systemctl, "--failed", "--no-legend", "--plain", "--no-pager"])
    }

    static func journal(_ arguments: [String]) async -> SourceText {
        guard let journalctl = executable("journalctl") else { return .absent("no journalctl on this node") }
        return await command([journalctl] + arguments)
    }

    /// Runs a command through the probes' runner (its own process group, killed at the deadline).
    static func command(_ argv: [String]) async -> SourceText {
        let budget = ProbeBudget(timeout: .milliseconds(Int(DiagnosticThresholds.checkTimeoutSeconds * 1000) - 500))
        let outcome = await ProcessRunner.run(argv, budget: budget, limit: commandOutputLimit)
        switch outcome.ending {
        case .exited(0): return .read(outcome.output)
        case .notStarted(let reason): return .absent(reason)
        default: return .failed(outcome.detail)
        }
    }

    static func pathFacts(_ path: String?) -> [String: PathEntryFacts] {
        var facts: [String: PathEntryFacts] = [:]
        for entry in (path ?? "").split(separator: ":").map(String.init) where entry.hasPrefix("/") {
            var info = stat()
            guard stat(entry, &info) == 0 else { continue }
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            facts[entry] = PathEntryFacts(isDirectory: isDirectory,
                                          worldWritable: isDirectory && info.st_mode & S_IWOTH != 0 && info.st_mode & S_ISVTX == 0)
        }
        return facts
    }

    static func interfaces() -> [InterfaceAddress] {
        (ProcText.entries("/sys/class/net") ?? []).sorted().map { name in
            InterfaceAddress(name: name, address: ProcText.text("/sys/class/net/\(name)/address"),
                             type: Int(ProcText.text("/sys/class/net/\(name)/type").trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }
}
