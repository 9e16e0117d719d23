/// Network: sockets in CLOSE_WAIT — the peer closed, the local application never did. They do not
/// time out, so their number only grows with a descriptor leak in that application.
public enum CloseWaitCheck {
    public static let name = "close-wait"

    /// `owners` maps socket inodes to their process, where the shell could tell.
    public static func evaluate(tcp: [String], owners: [UInt64: SocketOwner], warningAt: Int = DiagnosticThresholds.closeWaitWarning,
                                criticalAt: Int = DiagnosticThresholds.closeWaitCritical) -> Finding {
        guard let table = TCPSocketTable.parse(tcp) else { return .unknown(name, "cannot read /proc/net/tcp") }
        let waiting = table.sockets.filter { $0.state == .closeWait }
        var evidence = "\(waiting.count) sockets in CLOSE_WAIT"
        var byOwner: [String: Int] = [:]
        for socket in waiting {
            if let owner = owners[socket.inode] { byOwner["pid \(owner.pid) (\(owner.name))", default: 0] += 1 }
        }
        if let top = byOwner.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) { evidence += ", most held by \(top.key) (\(top.value))" }
        evidence += table.skippedNote
        let status: DiagnosticStatus = waiting.count >= criticalAt ? .critical : waiting.count >= warningAt ? .warning : .ok
        return Finding(check: name, status: status, evidence: evidence, remedy: status == .ok ? "" :
            "The process named above does not close connections its peers closed: `ss -tanp state close-wait` lists them. Restart it to release them now, and report the leak to its maintainers; raising limits only postpones the failure.")
    }
}
