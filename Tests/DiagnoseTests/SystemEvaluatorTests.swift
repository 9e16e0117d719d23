import Testing
@testable import Diagnose

/// The OS, memory, CPU, descriptor and PATH evaluators over captured /proc texts.
@Suite struct SystemEvaluatorTests {
    static let meminfo = """
    MemTotal:        8000000 kB
    MemFree:          400000 kB
    MemAvailable:    2000000 kB
    Buffers:          100000 kB
    SwapTotal:       2000000 kB
    SwapFree:        1500000 kB
    """

    func meminfo(available: Int, swapFree: Int = 2_000_000) -> String {
        "MemTotal: 1000000 kB\nMemAvailable: \(available) kB\nSwapTotal: 2000000 kB\nSwapFree: \(swapFree) kB\n"
    }

    @Test func memoryFollowsAvailableAgainstTotal() {
        let ok = MemoryCheck.evaluate(meminfo: Self.meminfo)
        #expect(ok.status == .ok && ok.evidence.contains("25.0%"), "\(ok)")
        #expect(ok.remedy.isEmpty)
        #expect(MemoryCheck.evaluate(meminfo: meminfo(available: 100_000)).status == .warning)
        let critical = MemoryCheck.evaluate(meminfo: meminfo(available: 40_000))
        #expect(critical.status == .critical && critical.remedy.contains("ps -eo pid,rss"))
        #expect(MemoryCheck.evaluate(meminfo: "MemTotal: 1000 kB\n").status == .unknown)
        #expect(MemoryCheck.evaluate(meminfo: "garbage\n\u{0}").status == .unknown)
        #expect(MemoryCheck.evaluate(meminfo: "MemTotal: 0 kB\nMemAvailable: 0 kB").status == .unknown)
    }

    @Test func swapUseAgainstTotalAndNoSwapIsFine() {
        let used = SwapCheck.evaluate(meminfo: Self.meminfo)
        #expect(used.status == .ok && used.evidence.contains("25.0%"), "\(used)")
        #expect(SwapCheck.evaluate(meminfo: meminfo(available: 1, swapFree: 900_000)).status == .warning)
        #expect(SwapCheck.evaluate(meminfo: meminfo(available: 1, swapFree: 100_000)).status == .critical)
        #expect(SwapCheck.evaluate(meminfo: "SwapTotal: 0 kB\nSwapFree: 0 kB").evidence == "no swap configured")
        #expect(SwapCheck.evaluate(meminfo: "SwapTotal: 10 kB\nSwapFree: 20 kB").status == .unknown)
    }

    @Test func kernelTaintSeparatesFaultsFromModules() {
        #expect(KernelTaintCheck.evaluate(tainted: "0\n").status == .ok)
        let modules = KernelTaintCheck.evaluate(tainted: "4097\n") // P + O
        #expect(modules.status == .ok && modules.evidence.contains("PO"), "\(modules)")
        let warned = KernelTaintCheck.evaluate(tainted: "512\n") // W
        #expect(warned.status == .warning && warned.evidence.contains("kernel warning"))
        let oops = KernelTaintCheck.evaluate(tainted: "\(1 << 7 | 1 << 9)\n") // D + W
        #expect(oops.status == .critical && oops.evidence.contains("oops") && oops.remedy.contains("journalctl -k"), "\(oops)")
        #expect(KernelTaintCheck.evaluate(tainted: "-1").status == .unknown)
        #expect(KernelTaintCheck.evaluate(tainted: "").status == .unknown)
    }

    @Test func aRecentBootWarns() {
        #expect(UptimeCheck.evaluate(uptime: "350000.12 600000.00\n").status == .ok)
        let recent = UptimeCheck.evaluate(uptime: "120.5 200.0\n")
        #expect(recent.status == .warning && recent.remedy.contains("--list-boots"))
        #expect(UptimeCheck.evaluate(uptime: "abc").status == .unknown)
    }

    @Test func failedUnitsAreNamed() {
        let output = "nginx.service loaded failed failed A high performance web server\nbackup.timer loaded failed failed Nightly backup\n"
        let failed = FailedUnitsCheck.evaluate(.read(output))
        #expect(failed.status == .warning && failed.evidence == "2 failed: nginx.service, backup.timer", "\(failed)")
        #expect(failed.remedy.contains("systemctl status nginx.service"))
        #expect(FailedUnitsCheck.evaluate(.read("")).status == .ok)
        #expect(FailedUnitsCheck.evaluate(.read("● nginx.service loaded failed failed web\n")).evidence.contains("nginx.service"))
        let skipped = FailedUnitsCheck.evaluate(.absent("systemd is not running as init"))
        #expect(skipped.status == .unknown && skipped.evidence.contains("skipped"))
        #expect(FailedUnitsCheck.evaluate(.read("???\n")).status == .unknown)
        #expect(FailedUnitsCheck.evaluate(.failed("exit status 1")).status == .unknown)
    }

    static let statBefore = "cpu  1000 0 1000 8000 0 0 0 0 0 0\ncpu0 500 0 500 4000 0 0 0 0 0 0\ncpu1 500 0 500 4000 0 0 0 0 0 0\n"

    @Test func cpuTotalFromTwoSamples() {
        let busy = "cpu  1900 0 1000 8100 0 0 0 0 0 0\ncpu0 950 0 500 4050 0 0 0 0 0 0\ncpu1 950 0 500 4050 0 0 0 0 0 0\n"
        let finding = CPUCheck.evaluate(loadavg: "1.50 1.00 0.50 3/200 1234\n", before: Self.statBefore, after: busy)
        #expect(finding.status == .warning, "\(finding)")
        #expect(finding.evidence.contains("90.0% busy") && finding.evidence.contains("2 cores"))
        let saturated = "cpu  1990 0 1000 8010 0 0 0 0 0 0\ncpu0 995 0 500 4005 0 0 0 0 0 0\ncpu1 995 0 500 4005 0 0 0 0 0 0\n"
        #expect(CPUCheck.evaluate(loadavg: "9 9 9 1/1 1", before: Self.statBefore, after: saturated).status == .critical)
        let idle = "cpu  1010 0 1000 8990 0 0 0 0 0 0\ncpu0 505 0 500 4495 0 0 0 0 0 0\ncpu1 505 0 500 4495 0 0 0 0 0 0\n"
        #expect(CPUCheck.evaluate(loadavg: "0.1 0.1 0.1 1/1 1", before: Self.statBefore, after: idle).status == .ok)
        // A long run queue warns even when the sample looked idle.
        #expect(CPUCheck.evaluate(loadavg: "5.0 4.0 3.0 9/300 1", before: Self.statBefore, after: idle).status == .warning)
        // Counters that did not move, or went backwards, give no verdict.
        #expect(CPUCheck.evaluate(loadavg: "", before: Self.statBefore, after: Self.statBefore).status == .unknown)
        #expect(CPUCheck.evaluate(loadavg: "", before: idle, after: Self.statBefore).status == .unknown)
        #expect(CPUCheck.evaluate(loadavg: "", before: "cpu x y z", after: "nothing").status == .unknown)
    }

    @Test func oneSaturatedCoreWhileTheTotalIsNot() {
        var before = "cpu  0 0 0 0 0 0 0 0\n"
        var after = "cpu  1000 0 0 7000 0 0 0 0\n"
        for core in 0..<8 {
            before += "cpu\(core) 0 0 0 0 0 0 0 0\n"
            after += core == 3 ? "cpu3 990 0 0 10 0 0 0 0\n" : "cpu\(core) 1 0 0 999 0 0 0 0\n"
        }
        let finding = CPUCoreCheck.evaluate(before: before, after: after)
        #expect(finding.status == .warning && finding.evidence.contains("cpu3 at 99.0%"), "\(finding)")
        #expect(finding.remedy.contains("top -H"))
        // The same core with every core busy is the total's finding, not this one's.
        let allBusy = "cpu  2000 0 0 0 0 0 0 0\ncpu0 1000 0 0 0 0 0 0 0\ncpu1 1000 0 0 0 0 0 0 0\n"
        #expect(CPUCoreCheck.evaluate(before: "cpu  0 0 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\n", after: allBusy).status == .ok)
        #expect(CPUCoreCheck.evaluate(before: "cpu  0 0 0 0\n", after: "cpu  5 0 0 5\n").status == .unknown)
    }

    @Test func fileHandlesNameTheTopHolder() {
        let holders = [DescriptorHolder(pid: 10, name: "nginx", count: 40, limit: 1024),
                       DescriptorHolder(pid: 77, name: "leaky", count: 900, limit: 1024),
                       DescriptorHolder(pid: 5, name: "sshd", count: 12, limit: nil)]
        let finding = FileHandleCheck.evaluate(fileNr: "2095\t0\t2466097\n", holders: holders)
        #expect(finding.status == .warning, "\(finding)") // 900 / 1024 ≥ 80%
        #expect(finding.evidence.contains("most held: pid 77 (leaky) 900 of its limit 1024"))
        #expect(finding.remedy.contains("/proc/77/fd"))
        #expect(FileHandleCheck.evaluate(fileNr: "2095 0 2466097", holders: []).status == .ok)
        #expect(FileHandleCheck.evaluate(fileNr: "95000 0 100000", holders: []).status == .critical)
        #expect(FileHandleCheck.evaluate(fileNr: "75000 0 100000", holders: []).status == .warning)
        #expect(FileHandleCheck.evaluate(fileNr: "1 2", holders: holders).status == .unknown)
        #expect(FileHandleCheck.evaluate(fileNr: "1 0 0", holders: holders).status == .unknown)
        let limits = "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n"
        #expect(DescriptorHolder.softLimit(limits: limits) == 1024)
        #expect(DescriptorHolder.softLimit(limits: "Max open files  unlimited  unlimited files") == nil)
    }

    @Test func pathSanity() {
        let dirs = ["/usr/local/bin", "/usr/bin", "/bin", "/tmp"]
        var facts = Dictionary(uniqueKeysWithValues: dirs.map { ($0, PathEntryFacts(isDirectory: true, worldWritable: false)) })
        #expect(PathCheck.evaluate(path: "/usr/local/bin:/usr/bin:/bin", facts: facts).status == .ok)
        let dot = PathCheck.evaluate(path: ".:/usr/bin", facts: facts)
        #expect(dot.status == .warning && dot.evidence.contains("relative entries ."), "\(dot)")
        #expect(PathCheck.evaluate(path: "/usr/bin::/bin", facts: facts).evidence.contains("(empty)"))
        facts["/tmp"] = PathEntryFacts(isDirectory: true, worldWritable: true)
        #expect(PathCheck.evaluate(path: "/tmp:/usr/bin", facts: facts).evidence.contains("world-writable /tmp"))
        #expect(PathCheck.evaluate(path: "/usr/local/bin", facts: facts).evidence.contains("neither /usr/bin nor /bin"))
        let missing = PathCheck.evaluate(path: "/usr/bin:/opt/gone", facts: facts)
        #expect(missing.status == .ok && missing.evidence.contains("/opt/gone"))
        #expect(PathCheck.evaluate(path: nil, facts: [:]).status == .critical)
        #expect(PathCheck.evaluate(path: "", facts: [:]).status == .critical)
    }
}
