/// Lifeguard's suspicion of one member: a timeout that starts at `max` and shrinks, log-scaled, towards
/// `min` as distinct other members independently confirm it, so that a verdict many agree on is quick
/// while a lone (perhaps itself unhealthy) suspector's verdict waits long enough to be refuted.
struct Suspicion: Sendable, Equatable {
    let incarnation: UInt64
    let start: Duration
    let min: Duration
    let max: Duration
    let expected: Int
    private(set) var suspectors: [String]

    init(incarnation: UInt64, suspector: String, start: Duration, min: Duration, max: Duration, expected: Int) {
        self.incarnation = incarnation
        self.start = start
        self.min = min
        self.max = max
        self.expected = Swift.max(1, expected)
        suspectors = [suspector]
    }

    /// Confirmations beyond the first suspector.
    var confirmations: Int { suspectors.count - 1 }

    /// Records a suspector; returns whether it was a new, independent one.
    mutating func confirm(by suspector: String) -> Bool {
        if suspectors.contains(suspector) { return false }
        suspectors.append(suspector)
        return true
    }

    /// timeout = max(min, max − (max − min) · log(C + 1) / log(K + 1)).
    var timeout: Duration {
        Self.timeout(confirmations: confirmations, expected: expected, min: min, max: max)
    }

    var deadline: Duration { start + timeout }

    static func timeout(confirmations c: Int, expected k: Int, min: Duration, max: Duration) -> Duration {
        let fraction = log(Double(c) + 1) / log(Double(Swift.max(1, k)) + 1)
        let shrunk = max - (max - min) * Swift.min(1, fraction)
        return Swift.max(min, shrunk)
    }

    private static func log(_ x: Double) -> Double { x.naturalLog }
}

extension Double {
    /// ln(x) for x ≥ 1 without importing Foundation (keeps the pure core free of platform libraries).
    var naturalLog: Double {
        guard self > 0 else { return 0 }
        let e = Double(self.exponent)
        let m = self.significand  // in [1, 2)
        // ln(m) = 2·atanh((m−1)/(m+1)), series converges fast for m in [1, 2).
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var n = 1.0
        for _ in 0..<30 {
            sum += term / n
            term *= y2
            n += 2
        }
        return 2 * sum + e * 0.693_147_180_559_945_3
    }
}
