#if os(Linux)
import Foundation

/// A client of the VIP, from another node: asks http://VIP:PORT/ every 10 ms (150 ms timeout) and logs
/// each change of who answered ("<boot-clock ns> <address>" or "<ns> none"). This is what a user of
/// the service sees, as opposed to the interfaces the sampler reads: the VIP may be on an interface
/// before ARP caches point at it.
final class VIPProbe: LabService {
    struct Change: Sendable, Equatable {
        let nanoseconds: Int64
        /// The answering node's address, or "none".
        let answer: String
    }

    let node: LabNode
    let url: String
    private weak var lab: Lab?
    private var process: LaunchedProcess?
    private let scriptPath: String
    private let logName: String

    init(lab: Lab, from node: LabNode, vip: String, port: Int = 8080) throws {
        guard KeepalivedConfig.isLabAddress(vip) else { throw LabError.invalidRequest("VIP \(vip) is not in 198.18.0.0/15") }
        self.lab = lab
        self.node = node
        url = "http://\(vip):\(port)/"
        scriptPath = lab.directory + "/vip-probe.py"
        logName = "\(node.name)-probe-\(vip).log"
        if !FileManager.default.fileExists(atPath: scriptPath) {
            guard FileManager.default.createFile(atPath: scriptPath, contents: Data(VIPProbe.script.utf8)) else {
                throw LabError.invalidRequest("cannot write \(scriptPath)")
            }
        }
        lab.register(self)
    }

    func start() throws {
        guard process == nil, let lab else { return }
        process = try lab.launch(in: node, [try HTTPService.python(), "-u", scriptPath, url], logName: logName)
    }

    func stop() {
        process?.crash()
        process = nil
    }

    /// Every change logged so far.
    var changes: [Change] {
        guard let path = process?.logPath, let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let ns = Int64(parts[0]) else { return nil }
            return Change(nanoseconds: ns, answer: String(parts[1]))
        }
    }

    /// Waits until `address` answers at or after `since` (boot-clock ns) and returns how long after
    /// `since` that was.
    func waitForAnswer(from address: String, since: Int64, timeout: Duration) async throws -> Duration {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = changes
            // The state at `since` counts too: the last change before it, if it already was `address`.
            if let hit = current.first(where: { $0.nanoseconds >= since && $0.answer == address }) {
                return .nanoseconds(hit.nanoseconds - since)
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("\(address) answering \(url) (answers: \(current.suffix(4).map(\.answer)))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static let script = """
        import sys, time, urllib.request

        url, last = sys.argv[1], None
        while True:
            try:
                with urllib.request.urlopen(url, timeout=0.15) as response:
                    words = response.read().decode().split()
                    answer = words[1] if len(words) > 1 else "none"
            except Exception:
                answer = "none"
            if answer != last:
                print(time.clock_gettime_ns(time.CLOCK_BOOTTIME), answer, flush=True)
                last = answer
            time.sleep(0.01)

        """
}
#endif
