/// Every check `nodeagent diagnose` runs, in the order it reports them, with what it reads and when
/// it complains — the text `nodeagent diagnose --help` teaches from.
public enum DiagnosticCatalogue {
    public struct Entry: Sendable {
        public let name: String
        public let looksAt: String
    }

    public static let entries: [Entry] = [
        Entry(name: FailedUnitsCheck.name, looksAt: "`systemctl --failed` (unknown without systemd as PID 1); any failed unit warns"),
        Entry(name: KernelTaintCheck.name, looksAt: "/proc/sys/kernel/tainted: oops, machine check, bad page → critical; warning, soft lockup → warning"),
        Entry(name: UptimeCheck.name, looksAt: "/proc/uptime: a boot under 30 min warns (was it planned?)"),
        Entry(name: MemoryCheck.name, looksAt: "/proc/meminfo MemAvailable/MemTotal: warning < 15%, critical < 5%"),
        Entry(name: SwapCheck.name, looksAt: "/proc/meminfo swap used: warning ≥ 50%, critical ≥ 90%; no swap is ok"),
        Entry(name: CPUCheck.name, looksAt: "two /proc/stat samples 500 ms apart and /proc/loadavg: warning ≥ 80% busy or load ≥ 2 per core, critical ≥ 95%"),
        Entry(name: CPUCoreCheck.name, looksAt: "the same samples per core: one core ≥ 95% while the total is below 80% warns (a thread at its limit)"),
        Entry(name: FileHandleCheck.name, looksAt: "/proc/sys/fs/file-nr against file-max (warning 70%, critical 90%) and /proc/PID/fd of every readable process: the top holder against its own limit (80%, 95%)"),
        Entry(name: SSHLoginCheck.name, looksAt: "sshd's journal lines of the last 24 h: failed logins, by address (warning ≥ 10, critical ≥ 100)"),
        Entry(name: OOMKillCheck.name, looksAt: "the kernel's journal lines of the last 24 h: processes the OOM killer ended (critical from 3)"),
        Entry(name: PathCheck.name, looksAt: "the agent's PATH, which steps inherit: relative or world-writable entries, no /usr/bin"),
        Entry(name: SSHDCheck.name, looksAt: "an sshd process and its Port (sshd_config, default 22) listening in /proc/net/tcp{,6}; unknown where sshd is not installed"),
        Entry(name: EphemeralPortCheck.name, looksAt: "local ports in use (and to the busiest destination) against net.ipv4.ip_local_port_range: warning 50%, critical 80%"),
        Entry(name: TimeWaitCheck.name, looksAt: "TIME_WAIT sockets in /proc/net/tcp{,6}: warning ≥ 10000, critical ≥ 25000, with the busiest pair"),
        Entry(name: CloseWaitCheck.name, looksAt: "CLOSE_WAIT sockets and the process holding most: warning ≥ 50, critical ≥ 500"),
        Entry(name: GatewayCheck.name, looksAt: "the default route in /proc/net/route and the gateway's entry in /proc/net/arp (answered ARP or not); nothing is sent"),
        Entry(name: MACAddressCheck.name, looksAt: "/sys/class/net/*/address of Ethernet interfaces: all-zero or multicast addresses"),
        Entry(name: DNSCheck.name, looksAt: "getaddrinfo of every fleet member name: failures, and answers slower than 1 s"),
        Entry(name: CertificateCheck.nodeName, looksAt: "the node's certificate from [tls] cert: warning within 30 days of expiry, critical within 7 or expired"),
        Entry(name: CertificateCheck.caName, looksAt: "the fleet CA from [tls] ca: the same bounds"),
    ]

    public static var names: [String] { entries.map(\.name) }
}
