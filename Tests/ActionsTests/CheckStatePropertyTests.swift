import Testing
@testable import Actions
import SeededRandom

/// Random result sequences from fixed seeds, against the rules of fall/rise hysteresis.
@Suite struct CheckStatePropertyTests {
    struct Trace {
        var results: [Bool] = []
        var transitions: [(index: Int, from: CheckState, to: CheckState)] = []
        var states: [CheckState] = []
    }

    static func run(fall: Int, rise: Int, results: [Bool]) -> Trace {
        var machine = CheckStateMachine(spec: CheckSpec(name: "c", probe: .command(argv: ["/bin/true"]),
                                                        fall: fall, rise: rise))
        var trace = Trace(results: results)
        for (index, success) in results.enumerated() {
            let due = Duration.seconds(index)
            _ = machine.onDue(now: due)
            for case .transition(let from, let to, _) in machine.onResult(success: success, detail: "",
                                                                           now: due + .milliseconds(1)) {
                trace.transitions.append((index, from, to))
            }
            trace.states.append(machine.state)
        }
        return trace
    }

    /// Length of the run of equal results ending at `index`.
    static func runLength(_ results: [Bool], endingAt index: Int) -> Int {
        var length = 0
        var cursor = index
        while cursor >= 0, results[cursor] == results[index] {
            length += 1
            cursor -= 1
        }
        return length
    }

    static func randomCase(_ rng: inout SplitMix64) -> (fall: Int, rise: Int, results: [Bool]) {
        let fall = Int.random(in: 1...5, using: &rng)
        let rise = Int.random(in: 1...5, using: &rng)
        let bias = Double.random(in: 0.1...0.9, using: &rng)
        let results = (0..<Int.random(in: 1...200, using: &rng)).map { _ in Double.random(in: 0..<1, using: &rng) < bias }
        return (fall, rise, results)
    }

    @Test(arguments: 0..<400)
    func transitionsHappenExactlyWhenARunReachesItsThreshold(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let (fall, rise, results) = Self.randomCase(&rng)
        let trace = Self.run(fall: fall, rise: rise, results: results)
        var previous = CheckState.unknown
        for (index, state) in trace.states.enumerated() {
            let run = Self.runLength(results, endingAt: index)
            let threshold = results[index] ? rise : fall
            let target: CheckState = results[index] ? .passing : .failing
            let expected: CheckState = run >= threshold ? target : previous
            #expect(state == expected, "seed \(seed) index \(index)")
            let moved = trace.transitions.contains { $0.index == index }
            #expect(moved == (state != previous), "seed \(seed) index \(index)")
            if moved { #expect(run == threshold, "seed \(seed): moved after a run of \(run), not \(threshold)") }
            previous = state
        }
    }

    @Test(arguments: 0..<200)
    func transitionsChainAndNeverRepeatAState(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 10_000)
        let (fall, rise, results) = Self.randomCase(&rng)
        let trace = Self.run(fall: fall, rise: rise, results: results)
        var current = CheckState.unknown
        for transition in trace.transitions {
            #expect(transition.from == current)
            #expect(transition.to != current && transition.to != .unknown)
            current = transition.to
        }
    }

    @Test(arguments: [(2, 2), (2, 3), (3, 2), (5, 5)])
    func alternatingResultsNeverFlap(fall: Int, rise: Int) {
        for first in [true, false] {
            let alternating = (0..<100).map { $0 % 2 == 0 ? first : !first }
            #expect(Self.run(fall: fall, rise: rise, results: alternating).transitions.isEmpty)
            let failingThenAlternating = Array(repeating: false, count: fall) + alternating
            #expect(Self.run(fall: fall, rise: rise, results: failingThenAlternating).transitions.count == 1)
            let passingThenAlternating = Array(repeating: true, count: rise) + alternating
            #expect(Self.run(fall: fall, rise: rise, results: passingThenAlternating).transitions.count == 1)
        }
    }

    @Test(arguments: 0..<100)
    func overlappingTicksNeverStartASecondProbe(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 20_000)
        var machine = CheckStateMachine(spec: CheckSpec(name: "c", probe: .docker(container: "x"),
                                                        interval: .milliseconds(100), timeout: .milliseconds(80)))
        var now = Duration.zero
        var running = false
        var starts = 0
        for _ in 0..<300 {
            now += .milliseconds(Int.random(in: 0...150, using: &rng))
            if Bool.random(using: &rng) {
                let started = machine.onDue(now: now).contains(.startProbe)
                #expect(!(started && running), "seed \(seed): a second probe started")
                if started { running = true; starts += 1 }
            } else {
                _ = machine.onResult(success: Bool.random(using: &rng), detail: "", now: now)
                running = false
            }
            #expect(machine.isProbing == running)
        }
        #expect(starts > 0)
    }
}
