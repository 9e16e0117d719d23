import Testing
@testable import Events

/// The detector's edges, rule by rule, with time passed in: each event fires once when its policy's
/// condition is met and once when it clears.
@Suite struct EventDetectorTests {
    static func policy(_ name: String, _ settings: [String: String] = [:], enabled: Bool? = nil) -> EventPolicy {
        EventCatalogue.policy(name)!.applying(EventPolicySetting(enabled: enabled, parameters: settings))
    }

    static func second(_ n: Int) -> Duration { .seconds(n) }

    @Test func consecutiveFiresAfterTheCountAndOnce() {
        var detector = EventDetector(policy: Self.policy("etcd_unavailable"))
        #expect(detector.onReading(.condition(bad: true, evidence: "a"), now: Self.second(1)) == nil)
        #expect(detector.onReading(.condition(bad: true, evidence: "b"), now: Self.second(2)) == nil)
        let fired = detector.onReading(.condition(bad: true, evidence: "c"), now: Self.second(3))
        #expect(fired?.kind == .fired)
        #expect(fired?.severity == .fatal)
        #expect(fired?.evidence == "c")
        #expect(detector.onReading(.condition(bad: true, evidence: "d"), now: Self.second(4)) == nil)
        let cleared = detector.onReading(.condition(bad: false, evidence: "ok"), now: Self.second(5))
        #expect(cleared?.kind == .cleared)
        #expect(detector.onReading(.condition(bad: false, evidence: "ok"), now: Self.second(6)) == nil)
    }

    @Test func aGoodReadingResetsTheRun() {
        var detector = EventDetector(policy: Self.policy("etcd_unavailable"))
        for (second, bad) in [true, true, false, true, true].enumerated() {
            #expect(detector.onReading(.condition(bad: bad, evidence: ""), now: Self.second(second)) == nil)
        }
        #expect(detector.onReading(.condition(bad: true, evidence: ""), now: Self.second(9))?.kind == .fired)
    }

    @Test func unavailableReadingsNeitherFireNorClear() {
        var detector = EventDetector(policy: Self.policy("haproxy_unavailable", ["failure_count": "1"]))
        #expect(detector.onReading(.condition(bad: true, evidence: ""), now: .zero)?.kind == .fired)
        #expect(detector.onReading(.unavailable("silence"), now: Self.second(1)) == nil)
        #expect(detector.active)
        #expect(detector.onReading(.measure(3, evidence: "wrong shape"), now: Self.second(2)) == nil)
        #expect(detector.active)
    }

    @Test func aboveComparesWithTheThresholdForTheCount() {
        var detector = EventDetector(policy: Self.policy("replication_lag", ["lag_threshold_sec": "5"]))
        #expect(detector.onReading(.measure(5, evidence: ""), now: Self.second(1)) == nil)
        #expect(detector.onReading(.measure(6, evidence: ""), now: Self.second(2)) == nil)
        #expect(detector.onReading(.measure(7, evidence: "7 s"), now: Self.second(3))?.kind == .fired)
        #expect(detector.onReading(.measure(0, evidence: ""), now: Self.second(4))?.kind == .cleared)
    }

    @Test func belowFiresOnALowRatio() {
        var detector = EventDetector(policy: Self.policy("cache_hit_low"))
        #expect(detector.onReading(.measure(29, evidence: ""), now: Self.second(1)) == nil)
        #expect(detector.onReading(.measure(29, evidence: ""), now: Self.second(2))?.kind == .fired)
        #expect(detector.onReading(.measure(99, evidence: ""), now: Self.second(3))?.kind == .cleared)
    }

    @Test func latencyThresholdReadsItsUnit() {
        var detector = EventDetector(policy: Self.policy("ping_latency_high", ["latency_threshold": "0.5s", "sample_count": "1"]))
        #expect(detector.onReading(.measure(400, evidence: ""), now: Self.second(1)) == nil)
        #expect(detector.onReading(.measure(600, evidence: ""), now: Self.second(2))?.kind == .fired)
    }

    @Test func aChangeFiresWithBothNamesAndClearsWhenStable() {
        var detector = EventDetector(policy: Self.policy("ha_switchover"))
        #expect(detector.onReading(.identity("db1", evidence: ""), now: Self.second(1)) == nil)
        #expect(detector.onReading(.identity(nil, evidence: ""), now: Self.second(2)) == nil)
        let fired = detector.onReading(.identity("db2", evidence: "leader is db2"), now: Self.second(3))
        #expect(fired?.kind == .fired)
        #expect(fired?.evidence.hasPrefix("db1 → db2") == true)
        #expect(detector.onReading(.identity("db2", evidence: ""), now: Self.second(4))?.kind == .cleared)
        #expect(detector.onReading(.identity("db2", evidence: ""), now: Self.second(5)) == nil)
    }

    @Test func aRiseWithinTheWindowFiresAndClearsWhenItLeavesTheWindow() {
        var detector = EventDetector(policy: Self.policy("deadlocks", ["deadlock_count": "3", "window_sec": "10"]))
        #expect(detector.onReading(.counter(100, evidence: ""), now: Self.second(0)) == nil)
        #expect(detector.onReading(.counter(102, evidence: ""), now: Self.second(1)) == nil)
        #expect(detector.onReading(.counter(103, evidence: ""), now: Self.second(2))?.kind == .fired)
        #expect(detector.onReading(.counter(103, evidence: ""), now: Self.second(9)) == nil)
        #expect(detector.onReading(.counter(103, evidence: ""), now: Self.second(13))?.kind == .cleared)
    }

    @Test func aCounterResetStartsTheWindowAgain() {
        var detector = EventDetector(policy: Self.policy("deadlocks", ["deadlock_count": "2", "window_sec": "60"]))
        _ = detector.onReading(.counter(50, evidence: ""), now: Self.second(0))
        #expect(detector.onReading(.counter(0, evidence: ""), now: Self.second(1)) == nil)
        #expect(detector.onReading(.counter(2, evidence: ""), now: Self.second(2))?.kind == .fired)
    }

    @Test func occurrencesAreMomentary() {
        var detector = EventDetector(policy: Self.policy("oom_kill"))
        #expect(detector.onReading(.occurrences(0, evidence: ""), now: Self.second(0)) == nil)
        #expect(detector.onReading(.occurrences(2, evidence: "killed"), now: Self.second(1))?.kind == .fired)
        #expect(detector.onReading(.occurrences(0, evidence: ""), now: Self.second(2))?.kind == .cleared)
    }

    @Test func disablingAPolicyClearsItsActiveEventAndSilencesIt() {
        var detector = EventDetector(policy: Self.policy("cache_hit_low", ["sample_count": "1"]))
        #expect(detector.onReading(.measure(10, evidence: ""), now: Self.second(0))?.kind == .fired)
        let cleared = detector.onPolicy(Self.policy("cache_hit_low", enabled: false), now: Self.second(1))
        #expect(cleared?.kind == .cleared)
        #expect(cleared?.evidence == "the policy was disabled")
        #expect(detector.onReading(.measure(10, evidence: ""), now: Self.second(2)) == nil)
    }

    @Test func aMandatoryPolicyStaysEnabledWhateverTheStateSays() {
        let policy = Self.policy("etcd_unavailable", enabled: false)
        #expect(policy.enabled)
    }
}
