import AgentCore
import Foundation
import Mesh
import Wire

/// Asks agents over their admin sockets.
enum FleetProbe {
    /// Waits until every running agent sees every agent alive.
    static func waitAllAlive(_ agents: [LocalAgent], timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var all = true
            for agent in agents {
                guard let report = await members(agent),
                      report.members.count == agents.count, report.members.allSatisfy({ $0.status == "alive" }) else {
                    all = false
                    break
                }
            }
            if all { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    static func members(_ agent: LocalAgent) async -> MembersReport? {
        guard let response = try? await AdminClient.request(AdminRequest(id: 1, command: "members"), socketPath: agent.socketPath, timeout: .seconds(2)) else {
            return nil
        }
        return try? response.result?.decode(as: MembersReport.self)
    }
}

/// Reads the agents' stderr logs (`timestamp LEVEL [label] message key=value …`).
enum LogScan {
    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }

    /// Times (s after `after`) at which each agent logged `event` for `peer`; nil if one did not in time.
    static func waitForEvent(_ event: String, peer: String, after: Date, in agents: [LocalAgent], timeout: TimeInterval) -> [Double]? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let times = agents.map { firstTime(of: event, peer: peer, after: after, in: $0) }
            if times.allSatisfy({ $0 != nil }) { return times.compactMap { $0?.timeIntervalSince(after) } }
            usleep(50_000)
        }
        return nil
    }

    /// Seconds after `after` of the earliest `event` in any of the logs whose `term` field exceeds `term`.
    static func firstTime(ofEvent event: String, newerThanTerm term: Int, after: Date, in agents: [LocalAgent]) -> Double? {
        var best: Date?
        for agent in agents {
            for line in lines(of: agent) where has(line, "event", event) {
                guard let time = time(of: line), time > after, let lineTerm = field(line, "term").flatMap(Int.init), lineTerm > term else { continue }
                if best.map({ time < $0 }) ?? true { best = time }
            }
        }
        return best?.timeIntervalSince(after)
    }

    private static func field(_ line: Substring, _ key: String) -> String? {
        guard let range = line.range(of: " \(key)=") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != " " })
    }

    static func count(_ event: String, after: Date, in agent: LocalAgent) -> Int {
        lines(of: agent).filter { has($0, "event", event) && (time(of: $0).map { $0 > after } ?? false) }.count
    }

    private static func firstTime(of event: String, peer: String, after: Date, in agent: LocalAgent) -> Date? {
        for line in lines(of: agent) where has(line, "event", event) && has(line, "peer", peer) {
            if let time = time(of: line), time > after { return time }
        }
        return nil
    }

    /// Whether the line carries `key=value` as a whole field (fields are separated by spaces).
    private static func has(_ line: Substring, _ key: String, _ value: String) -> Bool {
        let field = " \(key)=\(value)"
        guard let range = line.range(of: field) else { return false }
        return range.upperBound == line.endIndex || line[range.upperBound] == " "
    }

    private static func lines(of agent: LocalAgent) -> [Substring] {
        guard let text = try? String(contentsOfFile: agent.logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n")
    }

    private static func time(of line: Substring) -> Date? {
        guard let space = line.firstIndex(of: " ") else { return nil }
        return formatter().date(from: String(line[..<space]))
    }
}

/// /proc readings of one process.
enum ProcStat {
    static func rssMegabytes(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Percentiles for printing.
enum Stats {
    static func line(_ title: String, _ samples: [Double], precision: Int = 0) -> String {
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            return sorted[min(sorted.count - 1, Int((p * Double(sorted.count - 1)).rounded(.up)))]
        }
        let format = "%@: n=%d p50 %.\(precision)f ms, p99 %.\(precision)f ms, max %.\(precision)f ms"
        return String(format: format, title, sorted.count, percentile(0.5) * 1000, percentile(0.99) * 1000, (sorted.last ?? .nan) * 1000)
    }
}

/// Starts helper commands.
enum Run {
    static func command(_ argv: [String]) throws -> Int32 {
        let process = try background(argv)
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func background(_ argv: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
