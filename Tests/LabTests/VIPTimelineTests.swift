#if os(Linux)
import Testing

/// The timeline's arithmetic, on made-up samples: the figures the lab reports are only as good as this.
@Suite struct VIPTimelineTests {
    let origin = ContinuousClock.now

    private func timeline(_ steps: [(Int, [String])]) -> VIPTimeline {
        VIPTimeline(samples: steps.map { millis, holders in
            VIPSample(at: origin + .milliseconds(millis), readTime: .microseconds(50), holders: holders)
        })
    }

    @Test func timeUntilHolderCountsFromTheGivenInstant() {
        let line = timeline([(0, ["app1"]), (10, ["app1"]), (20, []), (30, ["app2"]), (40, ["app2"])])
        #expect(line.timeUntil(holder: "app2", since: origin + .milliseconds(5)) == .milliseconds(25))
        #expect(line.timeUntil(holder: "app1", since: origin + .milliseconds(15)) == nil)
        #expect(line.timeUntil(soleHolder: "app2", since: origin) == .milliseconds(30))
    }

    @Test func dualHolderTimeSumsEveryOverlapAndIgnoresTheLastSample() {
        let line = timeline([(0, ["app1"]), (10, ["app1", "app2"]), (30, ["app1"]),
                             (50, ["app1", "app2"]), (55, ["app2"]), (60, ["app1", "app2"])])
        #expect(line.dualHolderTime() == .milliseconds(25))
        #expect(line.dualHolderTime(since: origin + .milliseconds(20)) == .milliseconds(15))
        #expect(line.timeUntilDualHolders(since: origin + .milliseconds(11)) == .milliseconds(39))
        #expect(line.maxHolders() == 2)
        #expect(line.maxHolders(since: origin + .milliseconds(52)) == 2)
    }

    @Test func dualHolderTimeInAWindowIsClippedToIt() {
        let line = timeline([(0, ["app1"]), (10, ["app1", "app2"]), (30, ["app1"]),
                             (50, ["app1", "app2"]), (55, ["app2"]), (60, ["app1", "app2"])])
        #expect(line.dualHolderTime(from: origin, to: origin + .milliseconds(100)) == .milliseconds(25))
        #expect(line.dualHolderTime(from: origin + .milliseconds(20), to: origin + .milliseconds(52)) == .milliseconds(12))
        #expect(line.dualHolderTime(from: origin + .milliseconds(30), to: origin + .milliseconds(50)) == .zero)
        #expect(line.dualHolderTime(from: origin + .milliseconds(40), to: origin + .milliseconds(20)) == .zero)
    }

    @Test func longestNoHolderIsOneStretchClippedToTheWindow() {
        let line = timeline([(0, ["app1"]), (10, []), (20, []), (40, ["app2"]), (50, []), (55, ["app2"]), (60, [])])
        #expect(line.longestNoHolder(from: origin, to: origin + .milliseconds(100)) == .milliseconds(30))
        #expect(line.noHolderTime(from: origin, to: origin + .milliseconds(100)) == .milliseconds(35))
        #expect(line.longestNoHolder(from: origin + .milliseconds(25), to: origin + .milliseconds(100)) == .milliseconds(15))
        #expect(line.longestNoHolder(from: origin + .milliseconds(41), to: origin + .milliseconds(52)) == .milliseconds(2))
        #expect(line.longestNoHolder(from: origin + .milliseconds(40), to: origin + .milliseconds(50)) == .zero)
        #expect(timeline([(0, ["app1"]), (10, ["app1"])]).longestNoHolder(from: origin, to: origin + .seconds(1)) == .zero)
    }

    @Test func movesCountNewHoldersNotDropsAndReturns() {
        let line = timeline([(0, ["app1"]), (10, []), (20, ["app1"]), (30, ["app2"]), (40, []),
                             (50, ["app1", "app2"]), (60, ["app1"]), (70, ["app1"])])
        #expect(line.moves(from: origin, to: origin + .milliseconds(100)).map(\.holders) == [["app2"], ["app1", "app2"], ["app1"]])
        #expect(line.moves(from: origin, to: origin + .milliseconds(25)).isEmpty, "a drop and a return is no move")
        let late = line.moves(from: origin + .milliseconds(35), to: origin + .milliseconds(100))
        #expect(late.map(\.holders) == [["app1", "app2"], ["app1"]])
        #expect(late.first?.at == origin + .milliseconds(50))
        #expect(timeline([(0, []), (10, ["app2"])]).moves(from: origin, to: origin + .seconds(1)).isEmpty,
                "a first holder after none is no move")
    }

    @Test func emptyTimelineAnswersNothingWithoutCrashing() {
        let line = VIPTimeline()
        #expect(line.maxHolders() == 0)
        #expect(line.dualHolderTime() == .zero)
        #expect(line.gaps == nil)
        #expect(line.currentHolders == nil)
        #expect(line.changes.isEmpty)
        #expect(line.timeUntil(holder: "app1", since: origin) == nil)
    }

    @Test func gapsReportTheRealPeriodNotTheRequestedOne() throws {
        let line = timeline([(0, []), (10, []), (20, []), (45, []), (55, [])])
        let gaps = try #require(line.gaps)
        #expect(gaps.count == 4)
        #expect(gaps.max == .milliseconds(25))
        #expect(gaps.p50 == .milliseconds(10))
    }

    @Test func changesListOnlyTransitions() {
        let line = timeline([(0, ["app1"]), (10, ["app1"]), (20, ["app1", "app2"]), (30, ["app2"]), (40, ["app2"])])
        #expect(line.changes.map(\.holders) == [["app1"], ["app1", "app2"], ["app2"]])
        #expect(line.changes.map(\.offset) == [.zero, .milliseconds(20), .milliseconds(30)])
    }

    @Test func percentilesUseNearestRank() throws {
        let stats = try #require(DurationStats((1...10).map { Duration.milliseconds($0 * 100) }))
        #expect(stats.min == .milliseconds(100))
        #expect(stats.p50 == .milliseconds(500))
        #expect(stats.p90 == .milliseconds(900))
        #expect(stats.max == .seconds(1))
        #expect(stats.mean == .milliseconds(550))
        #expect(DurationStats([]) == nil)
        #expect(Duration.milliseconds(1980).formatted == "1.980 s")
        #expect(Duration.milliseconds(64).formatted == "0.064 s")
        #expect(Duration.microseconds(87).formatted == "87 µs")
    }
}
#endif
