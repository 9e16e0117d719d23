import Diagnose
import Foundation
import Glibc
import PKI
import Synchronization
import Testing
@testable import Actions

/// The diagnose shell against the real machine: conditions induced for real (a child leaking
/// descriptors, a TIME_WAIT storm on 127.0.0.1, a certificate about to expire), the time bound of a
/// hanging check, and a whole run. DNS is skipped: its queries would leave the machine.
@Suite(.serialized) struct DiagnosticShellTests {
    static func context(directory: String = "/nonexistent", skip: Set<String> = ["dns"]) -> DiagnosticContext {
        DiagnosticContext(node: "app1", role: "app", memberNames: [], certificatePath: directory + "/app1.pem",
                          keyPath: directory + "/app1.key", caPath: directory + "/ca.pem", skip: skip, path: "/usr/bin:/bin")
    }

    static func job(_ name: String, _ context: DiagnosticContext = context()) async throws -> Finding {
        let job = try #require(DiagnosticShell.jobs(context, now: Date())[name])
        return await job()
    }

    @Test func aChildLeakingDescriptorsIsNamedAsTheTopHolder() async throws {
        // The child opens 1500 descriptors under a soft limit of 1600 (94%), says so, and waits.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/bash")
        child.arguments = ["-c", "ulimit -Sn 1600 && for i in $(seq 1500); do exec {fd}</dev/null; done; echo ready; exec sleep 120"]
        let output = Pipe()
        child.standardOutput = output
        child.standardInput = FileHandle.nullDevice
        try child.run()
        let pid = child.processIdentifier
        defer {
            kill(pid, SIGKILL)
            child.waitUntilExit()
        }
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("ready") {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "the child ended before it was ready")
            said += chunk
        }
        let finding = try await Self.job(FileHandleCheck.name)
        #expect(finding.evidence.contains("most held: pid \(pid) (sleep) 150"), "\(finding.evidence)")
        #expect(finding.evidence.contains("of its limit 1600"))
        #expect(finding.status == .warning && finding.remedy.contains("/proc/\(pid)/fd"), "\(finding)")
    }

    @Test func aTimeWaitStormOnLoopbackRaisesTheCount() async throws {
        let storm = 300
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        for _ in 0..<storm {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            let server = accept(listener, nil, nil)
            // The client closes first, so the client side ends in TIME_WAIT.
            close(client)
            if server >= 0 { close(server) }
            try #require(connected && server >= 0)
        }
        // The last FINs cross loopback right after close(); read until they all arrived (bounded).
        // Earlier storms (their TIME_WAIT lasts 60 s) may still be in the table: ours are told apart by port.
        let deadline = ContinuousClock.now + .seconds(5)
        var ours = 0
        var texts: [String] = []
        repeat {
            texts = DiagnosticShell.tcpTables.map(ProcText.text)
            ours = (TCPSocketTable.parse(texts)?.sockets ?? []).filter { $0.state == .timeWait && $0.remotePort == port }.count
        } while ours < storm && ContinuousClock.now < deadline
        #expect(ours == storm)
        let finding = TimeWaitCheck.evaluate(tcp: texts, warningAt: storm, criticalAt: 1_000_000)
        #expect(finding.status == .warning, "\(finding)")
        #expect(finding.evidence.contains("most between 127.0.0.1 ↔ 127.0.0.1:"), "\(finding.evidence)")
        let agentView = try await Self.job(TimeWaitCheck.name)
        let count = Int(agentView.evidence.prefix { $0.isNumber }) ?? 0
        #expect(count >= storm, "\(agentView.evidence)")
    }

    @Test func aCertificateAboutToExpireIsCritical() async throws {
        let directory = NSTemporaryDirectory() + "diagnose-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ca = try FleetCA.create(directory: directory, commonName: "diagnose test CA", days: 3650)
        _ = try ca.issue(name: "app1", role: "app", days: 1, directory: directory)
        let context = Self.context(directory: directory)
        let node = try await Self.job(CertificateCheck.nodeName, context)
        #expect(node.status == .critical && node.evidence.contains("expires in 1.0 days"), "\(node)")
        #expect(node.remedy.contains("nodeagent certs issue app1 --role app") && node.remedy.contains(directory + "/app1.pem"))
        let authority = try await Self.job(CertificateCheck.caName, context)
        #expect(authority.status == .ok && authority.evidence.contains("\"diagnose test CA\""), "\(authority)")
        let missing = try await Self.job(CertificateCheck.nodeName)
        #expect(missing.status == .unknown && missing.evidence.contains("/nonexistent/app1.pem"))
    }

    @Test func processesInAnotherNetworkNamespaceAreNotTheNodes() throws {
        // A program with a name of its own, once beside the test and once in a fresh network namespace
        // (as the lab's sshds run): only the first counts, since only it can serve this node's ports.
        let directory = NSTemporaryDirectory() + "diagnose-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let program = directory + "/diagsleeper"
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: program)
        var children: [Process] = []
        defer {
            for child in children where child.isRunning { kill(child.processIdentifier, SIGKILL) }
            for child in children { child.waitUntilExit() }
        }
        for argv in [[program, "60"], ["/usr/bin/unshare", "--net", program, "60"]] {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: argv[0])
            child.arguments = Array(argv.dropFirst())
            try child.run()
            children.append(child)
        }
        // unshare execs the program in place; both children are the program once their exec is done.
        let deadline = ContinuousClock.now + .seconds(5)
        while children.contains(where: { ProcessTable.name($0.processIdentifier) != "diagsleeper" && $0.isRunning }), ContinuousClock.now < deadline {}
        let running = children.allSatisfy { $0.isRunning }
        try #require(running, "unshare --net is not permitted here")
        #expect(ProcessTable.count(named: "diagsleeper") == 1)
    }

    @Test func aHangingCheckIsReportedAndNotStartedTwice() async {
        let shell = DiagnosticShell(timeout: .milliseconds(300))
        let gate = DispatchSemaphore(value: 0)
        defer { gate.signal() }
        let started = ContinuousClock.now
        let hung = await shell.bounded("hang") { await BlockingCall.run { gate.wait(); return Finding(check: "hang", status: .ok, evidence: "late") } }
        #expect(hung.status == .unknown && hung.evidence.contains("did not finish"), "\(hung)")
        #expect(ContinuousClock.now - started < .seconds(3))
        let again = await shell.bounded("hang") { Finding(check: "hang", status: .ok, evidence: "x") }
        #expect(again.status == .unknown && again.evidence.contains("still stuck"), "\(again)")
        let other = await shell.bounded("quick") { Finding(check: "quick", status: .ok, evidence: "fine") }
        #expect(other.evidence == "fine")
    }

    @Test func aWholeRunAnswersEveryCheckInCatalogueOrder() async {
        let report = await DiagnosticShell().run(Self.context())
        #expect(report.findings.map(\.check) == DiagnosticCatalogue.names)
        #expect(report.elapsedMs < Int(DiagnosticThresholds.checkTimeoutSeconds * 1000) + 2000, "\(report.elapsedMs) ms")
        let dns = report.findings.first { $0.check == DNSCheck.name }
        #expect(dns?.status == .unknown && dns?.evidence.contains(DiagnosticContext.skipVariable) == true)
        for finding in report.findings where finding.status == .warning || finding.status == .critical {
            #expect(!finding.remedy.isEmpty, "\(finding.check) without a remedy")
        }
        // Sources that exist on every Linux node give a verdict, not unknown.
        for name in [MemoryCheck.name, UptimeCheck.name, KernelTaintCheck.name, CPUCheck.name, FileHandleCheck.name, TimeWaitCheck.name] {
            #expect(report.findings.first { $0.check == name }?.status != .unknown, "\(name)")
        }
    }
}
