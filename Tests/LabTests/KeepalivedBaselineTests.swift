#if os(Linux)
import Foundation
import Testing

/// keepalived ALONE, the baseline nodeagent must beat, observed on the interfaces: a pair elects one
/// holder; a dead service moves the VIP in about two seconds; and a pair cut apart ends with TWO
/// holders — the split brain nodeagent exists to prevent — until the cut heals.
extension LabSuite {
@Suite struct KeepalivedBaselineTests {
    @Test func renderedConfigPassesKeepalivedsOwnCheck() throws {
        try LabGate.require()
        let lab = try Lab(nodeNames: ["app1"])
        defer { lab.stop() }
        var settings = KeepalivedSettings(priority: 101, check: .init(url: "http://198.18.0.11:8080/"))
        settings.trackFile = .init(name: "arb", path: lab.directory + "/arb", weight: 1)
        settings.notifyFIFO = lab.directory + "/notify.fifo"
        let instance = try KeepalivedInstance(lab: lab, node: lab.nodes[0], settings: settings)
        let result = try instance.configTest()
        #expect(result.succeeded, "keepalived -t refused the config:\n\(result.output)")
    }

    @Test func pairElectsOneHolderAndADeadServiceMovesTheVIP() async throws {
        try LabGate.require()
        let pair = try BaselinePair()
        defer { pair.stop() }
        let electedAt = try await pair.waitUntilSettled(on: "app1")
        print("keepalived alone: app1 (MASTER, 101) settled as the only holder \((electedAt - pair.startedAt).formatted) after start")
        // Held steadily: nobody else takes it while both are healthy.
        _ = try await pair.sampler.waitFor("two seconds of steady holding", since: electedAt + .seconds(2),
                                           timeout: .seconds(5)) { _ in true }
        #expect(pair.sampler.timeline.maxHolders(since: electedAt) <= 1)

        let failover = try await pair.measureServiceFailover()
        print("keepalived alone: VIP moved \(failover.formatted) after the holder's HTTP service died")
        // fall 2 at interval 1 s, then the peer's skew time: never instant, and well under the
        // 3.6 s a silent master would cost.
        #expect(failover > .milliseconds(500))
        #expect(failover < .seconds(4))
        #expect(pair.sampler.timeline.dualHolderTime(since: electedAt) < .milliseconds(200))
    }

    @Test func pairCutApartEndsWithTwoHoldersUntilHealed() async throws {
        try LabGate.require()
        let pair = try BaselinePair()
        defer { pair.stop() }
        try await pair.waitUntilSettled(on: "app1")

        let (holder, dual) = try await pair.measureSplitBrain()
        print("keepalived alone: two VIP holders \(dual.formatted) after \(holder) was cut off the bridge")
        // The peer waits the master-down interval, 3 × advert_int + skew ≈ 3.6 s.
        #expect(dual > .seconds(2))
        #expect(dual < .seconds(6))
        // And it stays split: keepalived alone has no way to tell the cut from a death.
        let stillSplit = try await pair.sampler.waitFor("two more seconds split", since: .now + .seconds(2),
                                                        timeout: .seconds(4)) { _ in true }
        #expect(stillSplit.holders.count == 2)

        let healed = try await pair.heal(holder)
        print("keepalived alone: back to one holder \(healed.formatted) after healing")
        #expect(pair.sampler.timeline.currentHolders?.count == 1)
    }

    @Test func pairLinkCutWhileBothReachOthersAlsoSplits() async throws {
        try LabGate.require()
        let pair = try BaselinePair()
        defer { pair.stop() }
        try await pair.waitUntilSettled(on: "app1")
        let (holder, dual) = try await pair.measureSplitBrain(pairLinkOnly: true)
        print("keepalived alone: two VIP holders \(dual.formatted) after the app1–app2 link was cut")
        // Both members still reach db1: a fleet-wide quorum could tell who is isolated; VRRP cannot.
        let db1 = try HTTPService(lab: pair.lab, node: pair.outsider)
        try db1.start()
        for member in pair.members {
            #expect(try pair.lab.run(in: member, ["curl", "-s", "-o", "/dev/null", "--max-time", "1", db1.url]).succeeded)
        }
        _ = try await pair.heal(holder)
        #expect(pair.sampler.timeline.currentHolders?.count == 1)
    }
}
}
#endif
