import Foundation
import Testing

/// `nodeagent demo` as a newcomer runs it: five agents, all connected over mutual TLS, a clean exit, no
/// process and no file left behind.
@Suite("Demo fleet", .serialized)
struct DemoTests {
    @Test("the demo connects 5 nodes, then leaves no process and no files")
    func demo() throws {
        let port = 20_000 + Int(getpid() % 20_000)
        let result = try Shell.run([NodeAgentBinary.path, "demo", "--duration", "12", "--port", String(port)], timeout: .seconds(90))
        #expect(result.status == 0, "\(result)")
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("all 5 nodes connected over mutual TLS") }
        let connected = try #require(line, "never fully connected: \(result.stdout)")
        let seconds = Double(connected.split(separator: " ").dropLast().last ?? "") ?? .infinity
        #expect(seconds < 10, "all-connected took \(seconds) s")

        let pids = result.stdout.split(separator: "\n")
            .filter { $0.hasPrefix("started ") }
            .compactMap { line -> Int32? in
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "pid") else { return nil }
                return Int32(words[words.index(after: index)])
            }
        #expect(pids.count == 5)
        for pid in pids { #expect(kill(pid, 0) != 0, "agent pid \(pid) is still running") }

        let removed = result.stdout.split(separator: "\n").first { $0.hasPrefix("removed ") }
        let directory = try #require(removed.map { String($0.dropFirst("removed ".count)) })
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test("as an unprivileged user the demo connects too (no socket option that needs root)")
    func demoUnprivileged() throws {
        guard getuid() == 0 else { return } // as another user, `demo()` above already is this test
        // A copy of the binary that user nobody can run, wherever the checkout lives.
        let dir = NSTemporaryDirectory() + "nodeagent-demo-nobody-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: NodeAgentBinary.path, toPath: dir + "/nodeagent")
        let port = 20_200 + Int(getpid() % 20_000)
        let result = try Shell.run(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                    dir + "/nodeagent", "demo", "--nodes", "3", "--duration", "8", "--port", String(port)],
                                   timeout: .seconds(60))
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("all 3 nodes connected over mutual TLS"), "\(result.stdout)\n\(result.stderr.suffix(2000))")
    }

    @Test("killing the demo with SIGKILL still leaves no agent behind")
    func demoKilled() throws {
        let port = 20_100 + Int(getpid() % 20_000)
        let dir = NSTemporaryDirectory() + "nodeagent-demo-kill-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NodeAgentBinary.path)
        process.arguments = ["demo", "--nodes", "3", "--dir", dir, "--port", String(port), "--duration", "60"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let box = DataBox()
        out.fileHandleForReading.readabilityHandler = { box.append($0.availableData) }
        let deadline = ContinuousClock.now + .seconds(30)
        while !box.string.contains("all 3 nodes connected"), ContinuousClock.now < deadline { usleep(100_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        let pids = box.string.split(separator: "\n").filter { $0.hasPrefix("started ") }.compactMap { line -> Int32? in
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "pid") else { return nil }
            return Int32(words[words.index(after: index)])
        }
        #expect(pids.count == 3, "\(box.string)")
        let gone = ContinuousClock.now + .seconds(10)
        while pids.contains(where: { kill($0, 0) == 0 && !isZombie($0) }), ContinuousClock.now < gone { usleep(100_000) }
        for pid in pids {
            let alive = kill(pid, 0) == 0 && !isZombie(pid)
            #expect(!alive, "agent \(pid) outlived the killed demo")
            if alive { kill(pid, SIGKILL) }
        }
    }

    private func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }
}
