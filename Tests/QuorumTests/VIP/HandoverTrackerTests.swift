import Testing
@testable import Quorum

/// The handover rules replayed with an injected clock, including the races the lab found: a standby
/// raised after the owner's priority-0 advert, and a MASTER that stepped aside because its gossip view of
/// a holder that had let go was stale — each cost keepalived's 3 s master-down interval.
@Suite("Handover tracker")
struct HandoverTrackerTests {
    static let t0 = Instant(nanoseconds: 1_000_000_000)
    static func at(_ millis: Int64) -> Instant { t0.adding(nanoseconds: millis * 1_000_000) }
    static func peer(_ vrrp: ObservedVRRPState, _ level: TrackLevel?) -> [NodeID: HandoverTracker.Peer] {
        ["app1": HandoverTracker.Peer(vrrp: vrrp, level: level)]
    }
    static func view(of other: NodeID, _ vrrp: ObservedVRRPState, _ level: TrackLevel?) -> [NodeID: HandoverTracker.Peer] {
        [other: HandoverTracker.Peer(vrrp: vrrp, level: level)]
    }

    @Test func aPlannedSuccessorIsRaisedAndStaysRaisedUntilItIsMaster() {
        var tracker = HandoverTracker(me: "app2")
        func step(_ vrrp: ObservedVRRPState, _ peerVRRP: ObservedVRRPState, _ level: TrackLevel?, _ ms: Int64) -> HandoverTracker.Outcome {
            tracker.observe(.init(holder: "app2", planned: true, ownVRRP: vrrp, peers: Self.peer(peerVRRP, level)), now: Self.at(ms))
        }
        #expect(step(.backup, .master, .owner, 0) == .init(role: .successor, predecessor: "app1"))
        // The old owner faults: the raise stays, or keepalived's takeover timer would restart.
        #expect(step(.backup, .fault, .ineligible, 200) == .init(role: .successor, predecessor: "app1"))
        #expect(step(.master, .fault, .ineligible, 250) == .none)
    }

    @Test func anUnplannedGrantNeverRaises() {
        var tracker = HandoverTracker(me: "app2")
        // The owner let go (checks failing); gossip still shows it MASTER: no raise after its priority-0 advert.
        let outcome = tracker.observe(.init(holder: "app2", planned: false, ownVRRP: .backup, peers: Self.peer(.master, .owner)), now: Self.t0)
        #expect(outcome == .none)
    }

    @Test func theOldOwnerStepsAsideOnceTheSuccessorIsRaisedAndUntilItIsMaster() {
        var tracker = HandoverTracker(me: "app1")
        let app2: NodeID = "app2"
        #expect(tracker.observe(.init(holder: "app1", planned: false, ownVRRP: .master, peers: Self.view(of: app2, .backup, .standby)), now: Self.at(0)) == .none)
        // The grant moves away; app2 is not raised yet: wait.
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .backup, .standby)), now: Self.at(100)) == .none)
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .backup, .successor)), now: Self.at(200)).role == .outgoing)
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .fault, peers: Self.view(of: app2, .backup, .successor)), now: Self.at(250)).role == .outgoing)
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .fault, peers: Self.view(of: app2, .master, .owner)), now: Self.at(500)) == .none)
    }

    @Test func theOldOwnerDoesNotWaitForeverForTheRaise() {
        var tracker = HandoverTracker(me: "app1")
        let app2: NodeID = "app2"
        _ = tracker.observe(.init(holder: "app1", planned: false, ownVRRP: .master, peers: Self.view(of: app2, .backup, .standby)), now: Self.at(0))
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .backup, .standby)), now: Self.at(100)) == .none)
        let late = Self.at(100 + HandoverTracker.successorWait / 1_000_000)
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .backup, .standby)), now: late).role == .outgoing)
    }

    /// The lab's 3.8 s handover: the successor was raised while its keepalived was still FAULT (its lease
    /// check not yet re-run since the previous handover), so it missed the priority-0 advert and waited
    /// out keepalived's master-down timer. The old owner waits for BACKUP, past `successorWait` too.
    @Test func theOldOwnerWaitsUntilTheSuccessorsKeepalivedIsBackup() {
        var tracker = HandoverTracker(me: "app1")
        let app2: NodeID = "app2"
        _ = tracker.observe(.init(holder: "app1", planned: false, ownVRRP: .master, peers: Self.view(of: app2, .fault, .standby)), now: Self.at(0))
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .fault, .successor)), now: Self.at(100)) == .none)
        let late = Self.at(100 + 2 * HandoverTracker.successorWait / 1_000_000)
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .fault, .successor)), now: late) == .none)
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .backup, .successor)),
                                now: late.adding(nanoseconds: 100_000_000)).role == .outgoing)
    }

    /// The regression: app2 held the grant and let go; app1 took over by VRRP while its gossip view of
    /// app2 still said MASTER/owner. app1 must keep the VIP.
    @Test func aMasterThatTookOverFromAHolderThatLetGoKeepsTheVIP() {
        var tracker = HandoverTracker(me: "app1")
        let app2: NodeID = "app2"
        for ms in stride(from: Int64(0), through: 900, by: 100) {
            let outcome = tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .master, .owner)), now: Self.at(ms))
            #expect(outcome == .none, "stepped aside at \(ms) ms on a stale view")
        }
        #expect(tracker.observe(.init(holder: app2, planned: true, ownVRRP: .master, peers: Self.view(of: app2, .fault, .ineligible)), now: Self.at(1000)) == .none)
    }

    @Test func aSplitBrainPersistingPastTheGraceStepsAsideForAtMostTheLimit() {
        var tracker = HandoverTracker(me: "app1")
        let app2: NodeID = "app2"
        let split = HandoverTracker.Observation(holder: app2, planned: false, ownVRRP: .master, peers: Self.view(of: app2, .master, .owner))
        #expect(tracker.observe(split, now: Self.at(0)) == .none)
        let grace = HandoverTracker.dualMasterGrace / 1_000_000
        #expect(tracker.observe(split, now: Self.at(grace)).role == .outgoing)
        var faulted = split
        faulted.ownVRRP = .fault
        #expect(tracker.observe(faulted, now: Self.at(grace + 100)) == .none, "the holder is MASTER and this node is not: done")
        let stuck = HandoverTracker.Observation(holder: app2, planned: false, ownVRRP: .master, peers: Self.view(of: app2, .master, .owner))
        var other = HandoverTracker(me: "app1")
        _ = other.observe(stuck, now: Self.at(0))
        #expect(other.observe(stuck, now: Self.at(grace)).role == .outgoing)
        #expect(other.observe(stuck, now: Self.at(grace + HandoverTracker.limit / 1_000_000 + 1)) == .none, "bounded")
    }
}
