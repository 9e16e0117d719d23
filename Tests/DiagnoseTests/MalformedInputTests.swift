import Foundation
import SeededRandom
import Testing
@testable import Diagnose

/// Every evaluator over mangled copies of real inputs (cut, bytes flipped, lines dropped): always a
/// finding under its own name with evidence, and a remedy whenever it is a warning or critical.
@Suite struct MalformedInputTests {
    static let samples: [String] = [
        SystemEvaluatorTests.meminfo, SystemEvaluatorTests.statBefore, NetworkEvaluatorTests.captured,
        NetworkEvaluatorTests.route, JournalEvaluatorTests.sshd, "2095\t0\t2466097\n", "32768\t60999\n", "350000.12 600000.00\n", "4097\n",
    ]

    static func mangle(_ text: String, _ random: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        switch random.below(4) {
        case 0: bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
        case 1:
            for _ in 0..<max(1, random.below(8)) where !bytes.isEmpty { bytes[random.below(bytes.count)] = UInt8(random.below(256)) }
        case 2:
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if !lines.isEmpty { lines.remove(at: random.below(lines.count)) }
            bytes = Array(lines.joined(separator: "\n").utf8)
        default: bytes = (0..<random.below(300)).map { _ in UInt8(random.below(256)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func evaluations(_ text: String, _ other: String) -> [(String, Finding)] {
        [
            (FailedUnitsCheck.name, FailedUnitsCheck.evaluate(.read(text))),
            (KernelTaintCheck.name, KernelTaintCheck.evaluate(tainted: text)),
            (UptimeCheck.name, UptimeCheck.evaluate(uptime: text)),
            (MemoryCheck.name, MemoryCheck.evaluate(meminfo: text)),
            (SwapCheck.name, SwapCheck.evaluate(meminfo: text)),
            (CPUCheck.name, CPUCheck.evaluate(loadavg: other, before: text, after: other)),
            (CPUCoreCheck.name, CPUCoreCheck.evaluate(before: other, after: text)),
            (FileHandleCheck.name, FileHandleCheck.evaluate(fileNr: text, holders: [])),
            (SSHLoginCheck.name, SSHLoginCheck.evaluate(.read(text))),
            (OOMKillCheck.name, OOMKillCheck.evaluate(.read(text))),
            (PathCheck.name, PathCheck.evaluate(path: text, facts: [:])),
            (SSHDCheck.name, SSHDCheck.evaluate(installed: true, processes: 1, tcp: [text], config: [other])),
            (EphemeralPortCheck.name, EphemeralPortCheck.evaluate(range: other, tcp: [text])),
            (TimeWaitCheck.name, TimeWaitCheck.evaluate(tcp: [text], warningAt: 1, criticalAt: 2)),
            (CloseWaitCheck.name, CloseWaitCheck.evaluate(tcp: [text], owners: [:], warningAt: 1, criticalAt: 2)),
            (GatewayCheck.name, GatewayCheck.evaluate(route: text, arp: other)),
            (MACAddressCheck.name, MACAddressCheck.evaluate([InterfaceAddress(name: "eth0", address: text, type: 1)])),
            (CertificateCheck.caName, CertificateCheck.evaluate(.ca(path: "/ca.pem"), pem: .read(text), now: Date())),
        ]
    }

    @Test func mangledInputsNeverCrashAndStayWellFormed() {
        var random = SplitMix64(seed: 0xD1A6)
        for round in 0..<400 {
            let text = Self.mangle(Self.samples[random.below(Self.samples.count)], &random)
            let other = Self.mangle(Self.samples[random.below(Self.samples.count)], &random)
            for (name, finding) in evaluations(text, other) {
                #expect(finding.check == name, "round \(round)")
                #expect(!finding.evidence.isEmpty, "round \(round): \(name) gave no evidence")
                if finding.status == .warning || finding.status == .critical {
                    #expect(!finding.remedy.isEmpty, "round \(round): \(name) \(finding.status) without a remedy")
                }
            }
        }
    }

    @Test func theCatalogueNamesEveryCheckOnce() {
        let names = DiagnosticCatalogue.names
        #expect(Set(names).count == names.count && names.count == 20)
        #expect(DiagnosticCatalogue.entries.allSatisfy { !$0.looksAt.isEmpty })
    }
}
