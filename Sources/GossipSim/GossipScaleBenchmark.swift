import Gossip

/// How the gossip core scales: for each fleet size, a pre-joined fleet runs with default settings, one
/// member crashes, and the table shows how long until 99.99% of the survivors record it dead, and the
/// traffic each member sent per second meanwhile (messages and estimated JSON bytes, push-pull included).
public enum GossipScaleBenchmark {
    struct Row {
        var size: Int
        var seconds: Double?
        var periods: Double?
        var messagesPerMemberSecond: Double
        var bytesPerMemberSecond: Double
        var pushPullShare: Double
    }

    /// Runs every size and returns a printable table. Deterministic for a given seed.
    public static func run(sizes: [Int] = [10, 100, 1000, 10000], seed: UInt64) -> String {
        var lines = [
            "gossip scale benchmark (default settings, LAN delays 0.2–5 ms, one crash, seed \(seed))",
            pad(["members", "periods", "seconds", "msgs/member/s", "bytes/member/s", "push-pull bytes"]),
        ]
        for n in sizes where n >= 3 {
            let r = measure(size: n, seed: seed)
            lines.append(pad([
                String(n),
                r.periods.map { format($0, 1) } ?? "n/a",
                r.seconds.map { format($0, 2) } ?? "> 30",
                format(r.messagesPerMemberSecond, 1),
                format(r.bytesPerMemberSecond, 0),
                format(r.pushPullShare * 100, 0) + "%",
            ]))
        }
        return lines.joined(separator: "\n")
    }

    static func measure(size n: Int, seed: UInt64) -> Row {
        let settings = GossipSettings()
        let sim = GossipSimulator(count: n, settings: settings, seed: seed &+ UInt64(n), preJoined: true)
        sim.recordsEvents = false
        sim.run(until: .seconds(2))
        let victim = n / 2
        let victimName = sim.id(victim).name
        let needed = Int((Double(n - 1) * 0.9999).rounded(.up))
        var knows = [Bool](repeating: false, count: n)
        var knowing = 0
        var doneAt: Duration?
        let crashAt = sim.now
        sim.eventObserver = { time, observer, event in
            guard case .dead(let m, _) = event, m.name == victimName, !knows[observer] else { return }
            knows[observer] = true
            knowing += 1
            if knowing >= needed, doneAt == nil { doneAt = time }
        }
        let messages0 = sim.messagesSent, bytes0 = sim.bytesSent, pushPull0 = sim.pushPullBytes
        sim.crash(victim)
        while doneAt == nil, sim.now - crashAt < .seconds(30) {
            sim.run(for: .milliseconds(50))
        }
        let window = seconds(sim.now - crashAt)
        let perMember = Double(n) * max(window, 0.001)
        let bytes = Double(sim.bytesSent - bytes0)
        let detection = doneAt.map { seconds($0 - crashAt) }
        return Row(size: n, seconds: detection,
                   periods: detection.map { $0 / seconds(settings.probeInterval) },
                   messagesPerMemberSecond: Double(sim.messagesSent - messages0) / perMember,
                   bytesPerMemberSecond: bytes / perMember,
                   pushPullShare: bytes > 0 ? Double(sim.pushPullBytes - pushPull0) / bytes : 0)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func format(_ x: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        guard decimals > 0 else { return String(Int(rounded)) }
        var s = String(rounded)
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < decimals { s += String(repeating: "0", count: decimals - have) }
        }
        return s
    }

    static func pad(_ cells: [String]) -> String {
        cells.map { $0.count >= 16 ? $0 : String(repeating: " ", count: 16 - $0.count) + $0 }.joined()
    }
}
