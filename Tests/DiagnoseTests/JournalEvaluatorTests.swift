import Testing
@testable import Diagnose

/// Failed sshd logins and OOM kills over captured journal lines, and journals that cannot be read.
@Suite struct JournalEvaluatorTests {
    static let sshd = """
    2025-03-01T10:00:01+0000 db1 sshd[811]: Invalid user admin from 203.0.113.9 port 50122
    2025-03-01T10:00:03+0000 db1 sshd[811]: Failed password for invalid user admin from 203.0.113.9 port 50122 ssh2
    2025-03-01T10:00:05+0000 db1 sshd[811]: Failed password for invalid user admin from 203.0.113.9 port 50122 ssh2
    2025-03-01T10:01:00+0000 db1 sshd[812]: Failed password for root from 198.51.100.4 port 40000 ssh2
    2025-03-01T10:02:00+0000 db1 sshd-session[813]: Invalid user oracle from 203.0.113.9 port 50200
    2025-03-01T10:03:00+0000 db1 sshd[814]: Accepted publickey for ops from 10.0.0.5 port 51000 ssh2
    """

    @Test func failedLoginsCountedOncePerAttemptAndBySource() {
        let few = SSHLoginCheck.evaluate(.read(Self.sshd))
        // admin: 1 "Invalid user" + 2 failed passwords = 2 attempts; root: 1; oracle: 1.
        #expect(few.status == .ok && few.evidence == "4 failed sshd logins in 24 h, from 203.0.113.9 (3), 198.51.100.4 (1)", "\(few)")
        let many = SSHLoginCheck.evaluate(.read(String(repeating: Self.sshd + "\n", count: 5)))
        #expect(many.status == .warning && many.evidence.hasPrefix("20 failed"), "\(many)")
        #expect(many.remedy.contains("PasswordAuthentication no"))
        let storm = SSHLoginCheck.evaluate(.read(String(repeating: Self.sshd + "\n", count: 30)))
        #expect(storm.status == .critical)
        #expect(SSHLoginCheck.evaluate(.read("-- No entries --\n")).evidence == "no failed sshd logins in 24 h")
    }

    @Test func journalsThatCannotBeReadAreUnknown() {
        #expect(SSHLoginCheck.evaluate(.absent("no journalctl on this node")).evidence == "skipped: no journalctl on this node")
        #expect(SSHLoginCheck.evaluate(.read("No journal files were found.\n-- No entries --\n")).evidence.contains("no journal files"))
        let denied = OOMKillCheck.evaluate(.read("Hint: You are currently not seeing messages from other users and the system.\n"))
        #expect(denied.status == .unknown && denied.remedy.contains("systemd-journal"), "\(denied)")
        #expect(OOMKillCheck.evaluate(.failed("exit status 1: Failed to parse timestamp")).status == .unknown)
    }

    @Test func oomKillsNameTheirVictims() {
        let kernel = """
        2025-03-01T03:12:44+0000 db1 kernel: postgres invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0
        2025-03-01T03:12:44+0000 db1 kernel: Out of memory: Killed process 4242 (postgres) total-vm:8123456kB, anon-rss:7000000kB, file-rss:0kB
        2025-03-01T05:00:00+0000 db1 kernel: Memory cgroup out of memory: Killed process 777 (java) total-vm:1000kB
        """
        let finding = OOMKillCheck.evaluate(.read(kernel))
        #expect(finding.status == .warning && finding.evidence == "2 OOM kills in 24 h: java (777), postgres (4242)", "\(finding)")
        #expect(OOMKillCheck.evaluate(.read(kernel + "\n" + kernel)).status == .critical)
        #expect(OOMKillCheck.evaluate(.read("kernel: eth0: link up\n")).status == .ok)
    }
}
