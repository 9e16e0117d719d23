import Foundation
import Testing
@testable import Diagnose

/// The socket, sshd, port, gateway, MAC and DNS evaluators over captured /proc and /sys texts.
@Suite struct NetworkEvaluatorTests {
    static let header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    static let header6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

    /// A /proc/net/tcp line; addresses in the kernel's little-endian hex.
    static func line(_ n: Int, local: String, remote: String, state: String, inode: Int = 0) -> String {
        "   \(n): \(local) \(remote) \(state) 00000000:00000000 00:00000000 00000000     0        0 \(inode) 1 0000000000000000 100 0 0 10 0\n"
    }

    /// Captured on a test machine: sshd listening on 22, the agent on 7946, one session each way,
    /// and a TIME_WAIT to a local listener.
    static let captured = header
        + line(0, local: "00000000:0016", remote: "00000000:0000", state: "0A", inode: 1475)
        + line(1, local: "0100007F:1F0A", remote: "00000000:0000", state: "0A", inode: 2001)
        + line(2, local: "0100007F:8A3C", remote: "0100007F:1F0A", state: "01", inode: 2002)
        + line(3, local: "4B00697F:1F0A", remote: "0100007F:BAB2", state: "06")
        + line(4, local: "0100007F:9C40", remote: "0100007F:0050", state: "08", inode: 3003)

    @Test func socketLinesParse() throws {
        let table = try #require(TCPSocketTable.parse([Self.captured, Self.header6]))
        #expect(table.sockets.count == 5 && table.unreadableLines == 0)
        #expect(table.sockets[1].localAddress == "127.0.0.1" && table.sockets[1].localPort == 7946)
        #expect(table.sockets[3].localEndpoint == "127.105.0.75:7946" && table.sockets[3].state == .timeWait)
        #expect(table.listeningPorts == [22, 7946])
        let v6 = Self.header6 + "   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1\n"
            + "   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200007F:C000 01 00000000:00000000 00:00000000 00000000     0        0 98 1\n"
        let table6 = try #require(TCPSocketTable.parse([v6]))
        #expect(table6.sockets[0].localAddress == "0:0:0:0:0:0:0:1" && table6.sockets[0].localPort == 22)
        #expect(table6.sockets[1].remoteEndpoint == "127.0.0.2:49152", "IPv4-mapped peers read as IPv4")
        // Header only: a valid, empty table. No header, or nothing parses: not a socket table.
        #expect(TCPSocketTable.parse([Self.header])?.sockets.isEmpty == true)
        #expect(TCPSocketTable.parse(["hello world"]) == nil)
        #expect(TCPSocketTable.parse([Self.header + "   0: zz:zz\n"]) == nil)
        let partly = try #require(TCPSocketTable.parse([Self.captured + "   9: broken\n"]))
        #expect(partly.unreadableLines == 1 && partly.sockets.count == 5)
    }

    @Test func sshdRunningAndListening() {
        let ok = SSHDCheck.evaluate(installed: true, processes: 1, tcp: [Self.captured], config: [])
        #expect(ok.status == .ok && ok.evidence.contains("port 22 listening"), "\(ok)")
        let stopped = SSHDCheck.evaluate(installed: true, processes: 0, tcp: [Self.header], config: [])
        #expect(stopped.status == .critical && stopped.remedy.contains("systemctl enable --now ssh"))
        let deaf = SSHDCheck.evaluate(installed: true, processes: 2, tcp: [Self.header], config: [])
        #expect(deaf.status == .critical && deaf.evidence.contains("nothing listens on port 22"))
        let moved = SSHDCheck.evaluate(installed: true, processes: 1, tcp: [Self.captured], config: ["# Port 2222\nPort 7946\n"])
        #expect(moved.status == .ok && moved.evidence.contains("port 7946"), "\(moved)")
        let socketActivated = SSHDCheck.evaluate(installed: true, processes: 0, tcp: [Self.captured], config: [])
        #expect(socketActivated.status == .ok && socketActivated.evidence.contains("socket-activated"))
        let absent = SSHDCheck.evaluate(installed: false, processes: 0, tcp: [Self.header], config: [])
        #expect(absent.status == .unknown && absent.evidence.contains("no sshd"))
        #expect(SSHDCheck.evaluate(installed: true, processes: 1, tcp: ["garbage"], config: []).status == .unknown)
    }

    @Test func ephemeralPortsAgainstTheRange() {
        var text = Self.header
        for i in 0..<60 { text += Self.line(i, local: "0100007F:\(String(32768 + i, radix: 16, uppercase: true))", remote: "0100007F:1F90", state: "01") }
        let small = EphemeralPortCheck.evaluate(range: "32768\t32867\n", tcp: [text])
        #expect(small.status == .warning && small.evidence.contains("60 of 100 ports"), "\(small)")
        #expect(small.evidence.contains("60 to 127.0.0.1:8080"))
        #expect(EphemeralPortCheck.evaluate(range: "32768\t32839\n", tcp: [text]).status == .critical)
        #expect(EphemeralPortCheck.evaluate(range: "32768\t60999\n", tcp: [text]).status == .ok)
        #expect(EphemeralPortCheck.evaluate(range: "60999 32768", tcp: [text]).status == .unknown)
        #expect(EphemeralPortCheck.evaluate(range: "", tcp: [text]).status == .unknown)
        #expect(EphemeralPortCheck.evaluate(range: "1 2", tcp: ["x"]).status == .unknown)
    }

    @Test func timeWaitAndCloseWaitCounts() {
        var text = Self.header
        for i in 0..<30 { text += Self.line(i, local: "0100007F:\(String(40000 + i, radix: 16))", remote: "0100007F:1F90", state: "06") }
        for i in 0..<5 { text += Self.line(100 + i, local: "0100007F:\(String(50000 + i, radix: 16))", remote: "0200007F:0050", state: "08", inode: 500 + i) }
        let tw = TimeWaitCheck.evaluate(tcp: [text], warningAt: 20, criticalAt: 100)
        #expect(tw.status == .warning && tw.evidence.hasPrefix("30 sockets in TIME_WAIT"), "\(tw)")
        #expect(tw.evidence.contains("127.0.0.1 ↔ 127.0.0.1:8080 (30)"))
        #expect(TimeWaitCheck.evaluate(tcp: [text]).status == .ok)
        #expect(TimeWaitCheck.evaluate(tcp: [text], warningAt: 10, criticalAt: 30).status == .critical)
        let owners = [UInt64(500): SocketOwner(pid: 42, name: "java"), 501: SocketOwner(pid: 42, name: "java")]
        let cw = CloseWaitCheck.evaluate(tcp: [text], owners: owners, warningAt: 5, criticalAt: 50)
        #expect(cw.status == .warning && cw.evidence.contains("most held by pid 42 (java) (2)"), "\(cw)")
        #expect(cw.remedy.contains("ss -tanp state close-wait"))
        #expect(CloseWaitCheck.evaluate(tcp: [text], owners: [:]).status == .ok)
        #expect(TimeWaitCheck.evaluate(tcp: [""]).status == .unknown)
        #expect(CloseWaitCheck.evaluate(tcp: ["\u{0}\u{1}"], owners: [:]).status == .unknown)
    }

    static let route = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    static let arpHeader = "IP address       HW type     Flags       HW address            Mask     Device\n"

    @Test func gatewayFromRouteAndARP() {
        let answered = GatewayCheck.evaluate(route: Self.route, arp: Self.arpHeader + "192.0.2.1        0x1         0x2         02:fc:00:00:00:05     *        eth0\n")
        #expect(answered.status == .ok && answered.evidence == "default gateway 192.0.2.1 on eth0 answers ARP (02:fc:00:00:00:05)", "\(answered)")
        let silent = GatewayCheck.evaluate(route: Self.route, arp: Self.arpHeader + "192.0.2.1        0x1         0x0         00:00:00:00:00:00     *        eth0\n")
        #expect(silent.status == .critical && silent.remedy.contains("ping -c3 192.0.2.1"))
        #expect(GatewayCheck.evaluate(route: Self.route, arp: Self.arpHeader).status == .warning)
        let none = GatewayCheck.evaluate(route: Self.route.split(separator: "\n").enumerated().filter { $0.offset != 1 }.map { String($0.element) }.joined(separator: "\n"), arp: "")
        #expect(none.status == .warning && none.evidence == "no IPv4 default route", "\(none)")
        let p2p = GatewayCheck.evaluate(route: Self.route.replacingOccurrences(of: "010200C0", with: "00000000"), arp: "")
        #expect(p2p.status == .ok && p2p.evidence.contains("point-to-point"))
        #expect(GatewayCheck.evaluate(route: "", arp: "").status == .unknown)
        #expect(GatewayCheck.evaluate(route: Self.route + "eth0 x\n", arp: "").status == .unknown)
    }

    @Test func macAddresses() {
        let good = MACAddressCheck.evaluate([InterfaceAddress(name: "lo", address: "00:00:00:00:00:00\n", type: 772),
                                             InterfaceAddress(name: "eth0", address: "52:54:00:12:34:56\n", type: 1),
                                             InterfaceAddress(name: "ifb0", address: "ae:1f:00:00:00:01\n", type: 1)])
        #expect(good.status == .ok && good.evidence == "eth0 52:54:00:12:34:56, ifb0 ae:1f:00:00:00:01", "\(good)")
        #expect(MACAddressCheck.evaluate([InterfaceAddress(name: "eth0", address: "00:00:00:00:00:00", type: 1)]).evidence.contains("all zeros"))
        #expect(MACAddressCheck.evaluate([InterfaceAddress(name: "eth0", address: "01:00:5e:00:00:01", type: 1)]).status == .warning)
        #expect(MACAddressCheck.evaluate([InterfaceAddress(name: "eth0", address: "zz", type: 1)]).evidence.contains("unreadable"))
        #expect(MACAddressCheck.evaluate([InterfaceAddress(name: "lo", address: "00:00:00:00:00:00", type: 772)]).status == .unknown)
    }

    @Test func dnsResolution() {
        let ok = DNSCheck.evaluate([NameResolution(name: "app1", addresses: ["10.0.0.1"], error: nil, seconds: 0.002),
                                    NameResolution(name: "app2", addresses: ["10.0.0.2"], error: nil, seconds: 0.004)])
        #expect(ok.status == .ok && ok.evidence == "2 of 2 names resolve, slowest 4 ms", "\(ok)")
        let one = DNSCheck.evaluate([NameResolution(name: "app1", addresses: ["10.0.0.1"], error: nil, seconds: 0.002),
                                     NameResolution(name: "db1", addresses: [], error: "Name or service not known", seconds: 0.01)])
        #expect(one.status == .warning && one.evidence.contains("db1 (Name or service not known)") && one.remedy.contains("getent hosts db1"))
        #expect(DNSCheck.evaluate([NameResolution(name: "db1", addresses: [], error: "x", seconds: 0)]).status == .critical)
        let slow = DNSCheck.evaluate([NameResolution(name: "int1", addresses: ["10.0.0.3"], error: nil, seconds: 5.01)])
        #expect(slow.status == .warning && slow.evidence.contains("slow: int1 5.0 s"))
        #expect(DNSCheck.evaluate([]).status == .unknown)
    }
}
