import SeededRandom
import Testing
@testable import Events

/// Seeded streams of readings for every policy: whatever the stream, per (policy, subject) the
/// transitions alternate fired, cleared, fired…, starting with fired; a consecutive-rule event fires
/// only after at least its count of bad readings in a row; a disabled policy never fires.
@Suite struct EventPropertyTests {
    static func reading(for rule: DetectorRule, _ random: inout SplitMix64) -> EventReading {
        if random.below(10) == 0 { return .unavailable("silence") }
        switch rule {
        case .consecutive: return .condition(bad: random.below(3) > 0, evidence: "")
        case .above, .below: return .measure(Double(random.below(200)), evidence: "")
        case .change: return .identity(random.below(5) == 0 ? nil : ["db1", "db2", "db3"][random.below(3)], evidence: "")
        case .rise: return .counter(Double(random.below(40)), evidence: "")
        case .occurrence: return .occurrences(random.below(4) == 0 ? random.below(3) : 0, evidence: "")
        }
    }

    @Test func transitionsAlternateForEverySeed() {
        for seed in UInt64(1)...1_000 {
            var random = SplitMix64(seed: seed)
            var policies = EventCatalogue.all
            if random.below(2) == 0 {
                let index = random.below(policies.count)
                if !policies[index].mandatory { policies[index].enabled = false }
            }
            var monitor = EventMonitor(policies: policies)
            var last: [String: EventTransition.Kind] = [:]
            var badRun: [String: Int] = [:]
            for step in 0..<120 {
                var samples: [EventSample] = []
                for policy in policies where random.below(3) > 0 {
                    for subject in ["", "a", "b"] where random.below(2) == 0 {
                        samples.append(EventSample(policy.name, subject: subject, Self.reading(for: policy.rule, &random)))
                    }
                }
                for sample in samples {
                    let key = sample.policy + "/" + sample.subject
                    if case let .condition(bad, _) = sample.reading { badRun[key] = bad ? (badRun[key] ?? 0) + 1 : 0 }
                }
                for transition in monitor.onSamples(samples, now: .seconds(step)) {
                    let key = transition.policy + "/" + transition.subject
                    #expect(transition.kind != last[key], "seed \(seed): \(key) \(transition.kind) twice in a row")
                    if last[key] == nil { #expect(transition.kind == .fired, "seed \(seed): \(key) cleared before firing") }
                    last[key] = transition.kind
                    let policy = policies.first { $0.name == transition.policy }!
                    if transition.kind == .fired {
                        #expect(policy.enabled, "seed \(seed): disabled \(policy.name) fired")
                        if case let .consecutive(countKey) = policy.rule {
                            #expect((badRun[key] ?? 0) >= Int(policy.number(countKey)!), "seed \(seed): \(key) fired early")
                        }
                    }
                }
            }
        }
    }

    @Test func aSubjectNoLongerReadClears() {
        var monitor = EventMonitor()
        let bad = EventSample("split_brain", subject: "app", .condition(bad: true, evidence: "two"))
        // Two holders must be seen in two rounds in a row (a handover's crossing reports last less).
        #expect(monitor.onSamples([bad], now: .zero).isEmpty)
        #expect(monitor.onSamples([bad], now: .seconds(1)).map(\.kind) == [.fired])
        #expect(monitor.onSamples([EventSample("split_brain", subject: "int", .condition(bad: false, evidence: ""))], now: .seconds(2))
            .map(\.evidence) == ["no longer reported"])
        #expect(monitor.active.isEmpty)
    }

    @Test func aRoundWithoutThePolicyLeavesItAlone() {
        var monitor = EventMonitor()
        _ = monitor.onSamples([EventSample("split_brain", subject: "app", .condition(bad: true, evidence: ""))], now: .zero)
        _ = monitor.onSamples([EventSample("split_brain", subject: "app", .condition(bad: true, evidence: ""))], now: .seconds(1))
        #expect(monitor.onSamples([EventSample("quorum_lost", .condition(bad: false, evidence: ""))], now: .seconds(2)).isEmpty)
        #expect(monitor.active.map(\.policy) == ["split_brain"])
    }
}
