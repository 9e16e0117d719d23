/// Remote access: sshd running, and its port listening (from /proc/net/tcp{,6}). Without both, an
/// operator cannot reach the node when the agent cannot fix it.
public enum SSHDCheck {
    public static let name = "sshd"

    /// - Parameters:
    ///   - installed: an sshd binary exists on the node.
    ///   - processes: processes named sshd in the node's network namespace (the listener and sessions).
    ///   - tcp: the texts of /proc/net/tcp and /proc/net/tcp6.
    ///   - config: the texts of sshd_config and its drop-ins, for `Port` lines (22 when none).
    public static func evaluate(installed: Bool, processes: Int, tcp: [String], config: [String]) -> Finding {
        guard let table = TCPSocketTable.parse(tcp) else { return .unknown(name, "cannot read /proc/net/tcp") }
        let ports = configuredPorts(config)
        let listening = ports.filter { table.listeningPorts.contains($0) }
        let portText = ports.map(String.init).joined(separator: ", ")
        if !installed && processes == 0 && listening.isEmpty {
            return .unknown(name, "skipped: no sshd on this node")
        }
        if !listening.isEmpty {
            let how = processes > 0 ? "\(processes) sshd processes" : "no sshd process yet (socket-activated)"
            return Finding(check: name, status: .ok, evidence: "port \(listening.map(String.init).joined(separator: ", ")) listening, \(how)")
        }
        if processes > 0 {
            return Finding(check: name, status: .critical, evidence: "\(processes) sshd processes but nothing listens on port \(portText)",
                           remedy: "`journalctl -u ssh -u sshd -b` says why the listener is gone (a bad ListenAddress, a port taken); `sshd -t` checks the config, then `systemctl restart ssh` (sshd on RHEL-like systems). Open sessions stay up meanwhile.")
        }
        return Finding(check: name, status: .critical, evidence: "sshd is installed but not running; nothing listens on port \(portText)",
                       remedy: "Start it and keep it enabled: `systemctl enable --now ssh` (sshd on RHEL-like systems); if it will not start, `sshd -t` names the config error. Until then the node is reachable only through its console.")
    }

    /// The ports of `Port N` lines (comments and Match blocks' indentation ignored), or [22].
    static func configuredPorts(_ texts: [String]) -> [Int] {
        var ports: [Int] = []
        for text in texts {
            for line in text.split(whereSeparator: \.isNewline) {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 2, fields[0].lowercased() == "port", let port = Int(fields[1]), (1...65535).contains(port) else { continue }
                if !ports.contains(port) { ports.append(port) }
            }
        }
        return ports.isEmpty ? [22] : ports
    }
}
