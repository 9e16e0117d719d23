import SeededRandom
/// Round-robin over the member slots in a fresh pseudo-random order each round: slot = (a·i + b) mod n
/// with a coprime to n. Every member is probed once per round (SWIM's time-bounded completeness) without
/// storing a shuffled copy of a 10,000-member list.
struct ProbeRound: Sendable {
    private var n = 0
    private var a = 1
    private var b = 0
    private var i = 0

    /// The next slot to consider, starting a new round when the current one is exhausted.
    mutating func nextSlot(count: Int, using rng: inout SplitMix64) -> Int? {
        guard count > 0 else { return nil }
        if i >= n {
            n = count
            i = 0
            b = rng.below(n)
            a = Self.randomCoprime(to: n, using: &rng)
        }
        let slot = (a * i + b) % n
        i += 1
        return slot
    }

    private static func randomCoprime(to n: Int, using rng: inout SplitMix64) -> Int {
        guard n > 2 else { return 1 }
        for _ in 0..<64 {
            let c = 1 + rng.below(n - 1)
            if gcd(c, n) == 1 { return c }
        }
        return 1
    }

    private static func gcd(_ x: Int, _ y: Int) -> Int {
        var (p, q) = (x, y)
        while q != 0 { (p, q) = (q, p % q) }
        return p
    }
}
