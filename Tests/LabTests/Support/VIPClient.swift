#if os(Linux)
import Foundation

/// A user of a VIP, as the operations issue describes one: from another node, a GET every 50 ms on a
/// new connection, 2 s timeout, no retries. Each request is logged ("<ns> <status> <latency ms>
/// <body>"); a request that got no 200 answer is a failure.
final class VIPClient: LabService {
    struct Request: Sendable {
        let nanoseconds: Int64
        let ok: Bool
        let milliseconds: Double
        let body: String
    }

    let node: LabNode
    let url: String
    private weak var lab: Lab?
    private var process: LaunchedProcess?
    private let scriptPath: String

    init(lab: Lab, from node: LabNode, vip: String, port: Int = 8080) throws {
        guard KeepalivedConfig.isLabAddress(vip) else { throw LabError.invalidRequest("VIP \(vip) is not in 198.18.0.0/15") }
        self.lab = lab
        self.node = node
        url = "http://\(vip):\(port)/"
        scriptPath = lab.directory + "/vip-client.py"
        if !FileManager.default.fileExists(atPath: scriptPath) {
            guard FileManager.default.createFile(atPath: scriptPath, contents: Data(VIPClient.script.utf8)) else {
                throw LabError.invalidRequest("cannot write \(scriptPath)")
            }
        }
        lab.register(self)
    }

    func start() throws {
        guard process == nil, let lab else { return }
        process = try lab.launch(in: node, [try HTTPService.python(), "-u", scriptPath, url], logName: "\(node.name)-client-\(url.split(separator: "/")[1]).log")
    }

    func stop() {
        process?.crash()
        process = nil
    }

    var requests: [Request] {
        guard let path = process?.logPath, let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard words.count >= 3, let at = Int64(words[0]), let ms = Double(words[2]) else { return nil }
            return Request(nanoseconds: at, ok: words[1] == "200", milliseconds: ms, body: words.count > 3 ? words[3] : "")
        }
    }

    static let script = """
        import sys, time, urllib.request

        url = sys.argv[1]
        while True:
            began = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    status, body = response.status, response.read().decode().strip()
            except Exception as error:
                status, body = 0, type(error).__name__
            elapsed = (time.monotonic() - began) * 1000
            print(time.clock_gettime_ns(time.CLOCK_BOOTTIME), status, "%.1f" % elapsed, body, flush=True)
            time.sleep(max(0.0, 0.05 - (time.monotonic() - began)))

        """
}
#endif
