import Testing
@testable import Quorum

@Suite("VIP arbiter: examples")
struct VIPArbiterTests {
    typealias F = VIPFixtures

    @Test func highestPriorityHealthyMemberWinsWithoutHolder() {
        let decision = VIPArbiter.decide(VIPArbiterInput(group: F.pair, view: [F.app1: F.healthy, F.app2: F.healthy]))
        #expect(decision.owner == F.app1)
        #expect(decision.reason == .elected(F.app1, priority: 150))
    }

    @Test func failingChecksMoveTheGroupToTheOtherMember() {
        let decision = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.failing, F.app2: F.healthy], holder: F.app1))
        #expect(decision.owner == F.app2)
        #expect(decision.excluded[F.app1] == .checksFailing)
        #expect(decision.description.contains("app1 (checks failing)"))
    }

    @Test func recoveredPreferredNodeDoesNotTakeTheGroupBack() {
        let decision = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.healthy, F.app2: F.healthy], holder: F.app2))
        #expect(decision.owner == F.app2)
        #expect(decision.reason == .kept(F.app2))
    }

    @Test func pinnedNodeWinsEvenWithFailingChecks() {
        let decision = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.healthy, F.app2: F.failing], pin: F.app2, holder: F.app1))
        #expect(decision.owner == F.app2)
        #expect(decision.reason == .pinned(F.app2, checksPassing: false))
        #expect(decision.excluded[F.app2] == nil)
    }

    @Test func pinOnDeadOrUnreachableNodeIsSetAside() {
        let dead = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.healthy, F.app2: F.dead], pin: F.app2))
        #expect(dead.owner == F.app1)
        #expect(dead.pinSetAside == .notAlive)
        let unreachable = VIPMemberView(alive: true, checksPassing: true, reachable: false)
        let cut = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.healthy, F.app2: unreachable], pin: F.app2))
        #expect(cut.owner == F.app1)
        #expect(cut.pinSetAside == .unreachable)
    }

    @Test func pinOnPassiveNodeOrStrangerIsSetAside() {
        let passive = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.healthy, F.app2: F.healthy], pin: F.app2,
            modeOverrides: [F.app2: .passive]))
        #expect(passive.owner == F.app1)
        #expect(passive.pinSetAside == .passive)
        let stranger = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.healthy, F.app2: F.healthy], pin: "db1"))
        #expect(stranger.owner == F.app1)
        #expect(stranger.pinSetAside == .notAMember)
    }

    @Test func nobodyOwnsWhenNoMemberIsEligible() {
        let decision = VIPArbiter.decide(VIPArbiterInput(
            group: F.pair, view: [F.app1: F.failing], holder: F.app1))
        #expect(decision.owner == nil)
        #expect(decision.reason == .noEligibleMember)
        #expect(decision.excluded == [F.app1: .checksFailing, F.app2: .notAlive])
    }

    @Test func equalPrioritiesGoToTheSmallestName() {
        let view = [F.app1: F.dead, F.app2: F.healthy, F.app3: F.healthy]
        #expect(VIPArbiter.decide(VIPArbiterInput(group: F.trio, view: view)).owner == F.app2)
    }

    @Test func inputFromFleetStateUsesCommittedPinGrantAndModes() {
        var state = FleetState()
        state.apply(LogEntry(index: 1, term: 1, command: .grant(group: "app", node: F.app1)))
        state.apply(LogEntry(index: 2, term: 1, command: .setVIPMode(group: "app", node: F.app1, mode: "maintenance")))
        state.apply(LogEntry(index: 3, term: 1, command: .pin(group: "other", node: F.app1)))
        let input = VIPArbiterInput(group: F.pair, view: [F.app1: F.healthy, F.app2: F.healthy], state: state)
        #expect(input.holder == F.app1)
        #expect(input.pin == nil)
        let decision = VIPArbiter.decide(input)
        #expect(decision.owner == F.app2)
        #expect(decision.excluded[F.app1] == .passive)
    }

    @Test func unknownModeTextNeverMakesAnOwner() {
        #expect(VIPMemberMode(stateText: "auto") == .auto)
        #expect(VIPMemberMode(stateText: "ACTIVE") == .auto)
        #expect(VIPMemberMode(stateText: "passive") == .passive)
        #expect(VIPMemberMode(stateText: "future-mode") == .passive)
        #expect(VIPMemberMode(stateText: "") == .passive)
    }

    @Test func duplicateMastersRevokeAllButTheDesiredOwner() {
        let master = VIPMemberView(alive: true, checksPassing: true, vrrp: .master, reachable: true)
        let view = [F.app1: master, F.app2: master, F.app3: master]
        #expect(VIPArbiter.resolveDuplicateMasters(desiredOwner: F.app2, group: F.trio, view: view) == [F.app1, F.app3])
        #expect(VIPArbiter.resolveDuplicateMasters(desiredOwner: nil, group: F.trio, view: view)
            == [F.app1, F.app2, F.app3])
        let single = [F.app1: master, F.app2: F.healthy]
        #expect(VIPArbiter.resolveDuplicateMasters(desiredOwner: F.app2, group: F.pair, view: single).isEmpty)
    }

    @Test func duplicateDefinitionEntriesCountOnce() {
        let group = VIPGroupDefinition(name: "g", members: [
            VIPGroupMember(node: F.app1, priority: 10), VIPGroupMember(node: F.app1, priority: 200),
        ])
        #expect(group.members.count == 1)
        #expect(group.member(F.app1)?.priority == 10)
    }
}
