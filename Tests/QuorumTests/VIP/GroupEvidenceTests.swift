import Testing
@testable import Quorum

/// The faults replayed against the pure rules that fence a member because of what the OTHER
/// members report: each case is what the lab saw, reduced to the facts the driver gathers.
@Suite("Group evidence")
struct GroupEvidenceTests {
    static let app1: NodeID = "app1"
    static let app2: NodeID = "app2"
    static let ms: Int64 = 1_000_000
    /// The holder app1 as a healthy MASTER owner, heard 100 ms ago.
    static let masterOwner = PeerReport(liveness: .alive, level: .owner, vrrp: .master, healthy: true,
                                        holdsAddress: true, keepalivedRunning: true, silence: 100 * ms)

    static func standby(holder: NodeID? = app1, app1 report: PeerReport = masterOwner, own: ObservedVRRPState = .backup,
                        advertSilence: Int64? = 300 * ms) -> GroupEvidence {
        GroupEvidence(me: app2, holder: holder, ownVRRP: own, peers: [app1: report], advertSilence: advertSilence)
    }

    @Test func aSteadyStandbyIsNotFenced() {
        let evidence = Self.standby()
        #expect(!evidence.ownerOutOfReach && !evidence.staleAddressElsewhere && !evidence.advertsMissing && !evidence.awaitingHolder)
        #expect(evidence.hearsAFellowMember)
    }

    /// Case 1: keepalived SIGKILLed on the owner. Its agent reports keepalived down while the address is
    /// still on its interface: the standby is held back until the address is gone.
    @Test func aStaleAddressHoldsThePeerBackUntilItIsGoneOrTheOwnerIsDead() {
        var owner = Self.masterOwner
        owner.keepalivedRunning = false
        owner.level = .ineligible
        owner.vrrp = .fault
        #expect(Self.standby(app1: owner).staleAddressElsewhere)
        owner.holdsAddress = false
        #expect(!Self.standby(app1: owner).staleAddressElsewhere)
        owner.holdsAddress = true
        owner.liveness = .gone
        #expect(!Self.standby(app1: owner).staleAddressElsewhere, "a member confirmed dead no longer blocks")
        owner.liveness = .suspect
        #expect(Self.standby(app1: owner).staleAddressElsewhere, "a suspicion is not a death")
    }

    /// The flapping link: the owner is heard on the mesh (TCP gets through) but its adverts do not arrive.
    @Test func missingAdvertsFenceBeforeKeepalivedsThreeIntervals() {
        #expect(!Self.standby(advertSilence: 2_000 * Self.ms).advertsMissing, "two intervals: one or two lost adverts")
        #expect(Self.standby(advertSilence: 2_200 * Self.ms).advertsMissing)
        // Not when the owner itself is silent (dead or cut off: keepalived must take over), not when it
        // does not claim to be the MASTER owner, and not when adverts are not watched here.
        var silentOwner = Self.masterOwner
        silentOwner.silence = 1_500 * Self.ms
        #expect(!Self.standby(app1: silentOwner, advertSilence: 5_000 * Self.ms).advertsMissing)
        var fenced = Self.masterOwner
        fenced.level = .ineligible
        #expect(!Self.standby(app1: fenced, advertSilence: 5_000 * Self.ms).advertsMissing)
        #expect(!Self.standby(advertSilence: nil).advertsMissing)
        var slow = Self.standby(advertSilence: 2_200 * Self.ms)
        slow.advertInterval = 2_000 * Self.ms
        #expect(!slow.advertsMissing, "the interval the owner announces sets the bound")
    }

    /// The pair link cut: gossip through the other nodes sees the owner alive, this node does not hear it.
    @Test func anOwnerAliveButUnheardIsOutOfReachButASuspectedOneIsNot() {
        var owner = Self.masterOwner
        owner.silence = 1_300 * Self.ms
        #expect(Self.standby(app1: owner).ownerOutOfReach)
        owner.liveness = .suspect
        #expect(!Self.standby(app1: owner).ownerOutOfReach, "cut off from everyone: keepalived must take over")
        owner.liveness = .alive
        owner.silence = nil
        #expect(Self.standby(app1: owner).ownerOutOfReach && !Self.standby(app1: owner).hearsAFellowMember)
    }

    /// Start-up under load: both members leave FAULT together; only the holder may become MASTER.
    @Test func nonHoldersWaitForTheHolderToBecomeMaster() {
        var owner = Self.masterOwner
        owner.vrrp = .backup
        owner.level = .standby
        #expect(Self.standby(app1: owner).awaitingHolder)
        owner.vrrp = .unknown
        #expect(Self.standby(app1: owner).awaitingHolder)
        #expect(!Self.standby(app1: owner, own: .master).awaitingHolder, "a MASTER is left to the handover rules")
        owner.vrrp = .fault
        #expect(!Self.standby(app1: owner).awaitingHolder, "a holder that faulted is not taking over")
        owner.vrrp = .backup
        owner.healthy = false
        #expect(!Self.standby(app1: owner).awaitingHolder, "an unhealthy holder is about to lose the grant")
        owner.healthy = true
        owner.level = .ineligible
        #expect(!Self.standby(app1: owner).awaitingHolder)
        #expect(!Self.standby(holder: Self.app2, app1: owner).awaitingHolder, "this node is the holder")
        #expect(!Self.standby(holder: nil, app1: owner).awaitingHolder)
    }
}
