import Testing
@testable import Actions

/// Sequences through the pure check core, with time passed in.
@Suite struct CheckStateMachineTests {
    static func spec(fall: Int = 2, rise: Int = 1, interval: Duration = .seconds(1),
                     timeout: Duration = .milliseconds(500)) -> CheckSpec {
        CheckSpec(name: "web", probe: .tcp(host: "127.0.0.1", port: 80), interval: interval,
                  timeout: timeout, fall: fall, rise: rise)
    }

    /// Feeds one result per interval: a due tick at k seconds, the answer 10 ms later.
    static func feed(_ machine: inout CheckStateMachine, _ results: [Bool],
                     startingAt first: Int = 0) -> [[CheckEffect]] {
        results.enumerated().map { offset, success in
            let due = Duration.seconds(first + offset)
            #expect(machine.onDue(now: due) == [.startProbe])
            return machine.onResult(success: success, detail: success ? "ok" : "down", now: due + .milliseconds(10))
        }
    }

    @Test func startsUnknownAndAsksForAProbeAtOnce() {
        var machine = CheckStateMachine(spec: Self.spec())
        #expect(machine.state == .unknown)
        #expect(machine.onDue(now: .zero) == [.startProbe])
        #expect(machine.isProbing)
        #expect(machine.probeDeadline == .milliseconds(500))
    }

    @Test func fallConsecutiveFailuresMakeItFailing() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 3))
        let effects = Self.feed(&machine, [false, false, false])
        #expect(effects[0].isEmpty && effects[1].isEmpty)
        #expect(effects[2] == [.transition(from: .unknown, to: .failing, detail: "down")])
        #expect(machine.state == .failing)
    }

    @Test func riseConsecutiveSuccessesMakeItPassing() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 1, rise: 3))
        _ = Self.feed(&machine, [false])
        #expect(machine.state == .failing)
        let effects = Self.feed(&machine, [true, true, true], startingAt: 1)
        #expect(effects[0].isEmpty && effects[1].isEmpty)
        #expect(effects[2] == [.transition(from: .failing, to: .passing, detail: "ok")])
    }

    @Test func aSuccessResetsTheFailureRun() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 2, rise: 1))
        _ = Self.feed(&machine, [true])
        let effects = Self.feed(&machine, [false, true, false, true, false], startingAt: 1)
        #expect(effects.allSatisfy { $0.isEmpty })
        #expect(machine.state == .passing)
        #expect(machine.consecutiveFailures == 1)
    }

    @Test func oneTransitionPerChangeNotPerResult() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 1, rise: 1))
        let effects = Self.feed(&machine, [false, false, false, true, true])
        #expect(effects.flatMap { $0 }.count == 2)
    }

    @Test func aTickWhileAProbeRunsIsSkippedAndCounted() {
        var machine = CheckStateMachine(spec: Self.spec(timeout: .seconds(5)))
        #expect(machine.onDue(now: .zero) == [.startProbe])
        #expect(machine.onDue(now: .seconds(1)).isEmpty)
        #expect(machine.onDue(now: .seconds(2)).isEmpty)
        #expect(machine.skippedProbes == 2)
        _ = machine.onResult(success: true, detail: "ok", now: .milliseconds(2500))
        #expect(machine.onDue(now: .seconds(3)) == [.startProbe])
    }

    @Test func earlyTicksDoNothing() {
        var machine = CheckStateMachine(spec: Self.spec())
        _ = machine.onDue(now: .zero)
        _ = machine.onResult(success: true, detail: "ok", now: .milliseconds(5))
        #expect(machine.onDue(now: .milliseconds(999)).isEmpty)
        #expect(machine.skippedProbes == 0)
        #expect(machine.onDue(now: .seconds(1)) == [.startProbe])
    }

    @Test func aStalledDriverResumesOnTheGridWithoutABurst() {
        var machine = CheckStateMachine(spec: Self.spec())
        _ = machine.onDue(now: .zero)
        _ = machine.onResult(success: true, detail: "ok", now: .milliseconds(5))
        #expect(machine.onDue(now: .milliseconds(7300)) == [.startProbe])
        #expect(machine.nextDueAt == .seconds(8))
    }

    @Test func aResultAfterTheTimeoutIsAFailure() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 1))
        _ = machine.onDue(now: .zero)
        let effects = machine.onResult(success: true, detail: "ok", now: .milliseconds(501))
        #expect(effects == [.transition(from: .unknown, to: .failing, detail: "timed out after 0.5 seconds")])
    }

    @Test func aResultWithoutARunningProbeIsIgnored() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 1, rise: 1))
        #expect(machine.onResult(success: false, detail: "stale", now: .zero).isEmpty)
        _ = machine.onDue(now: .zero)
        _ = machine.onResult(success: true, detail: "ok", now: .milliseconds(1))
        #expect(machine.onResult(success: false, detail: "duplicate", now: .milliseconds(2)).isEmpty)
        #expect(machine.state == .passing)
    }

    @Test func zeroOrNegativeSettingsAreClampedNotTrusted() {
        var machine = CheckStateMachine(spec: Self.spec(fall: 0, rise: -3, interval: .zero, timeout: .zero))
        #expect(machine.onDue(now: .zero) == [.startProbe])
        #expect(machine.onResult(success: false, detail: "down", now: .zero)
                == [.transition(from: .unknown, to: .failing, detail: "down")])
        #expect(machine.nextDueAt == .milliseconds(1))
    }

    @Test func extremeTimesDoNotTrap() {
        var machine = CheckStateMachine(spec: Self.spec(interval: .milliseconds(1)))
        #expect(machine.onDue(now: .seconds(Int64(1) << 40)) == [.startProbe])
        #expect(machine.nextDueAt > .seconds(Int64(1) << 40))
    }
}
