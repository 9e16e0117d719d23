#if os(Linux)
import Foundation
import Testing

/// The scenarios with real agents beside real keepalived, observed on the interfaces by the
/// 10 ms samplers. Each test starts one fleet (7 agents, keepalived on the app and int pairs) and runs
/// the scenarios that can safely share it, one after the other; every one asserts that no sampled
/// instant showed the VIP on two namespaces.
extension LabSuite {
@Suite struct AgentScenarioTests {
    /// Scenario 1 (the checked service fails on the owner → the VIP moves to the peer; it recovers →
    /// no flap back) and scenario 6 (pin, unpin, promote → the VIP goes where asked and stays).
    @Test func serviceFailureMovesTheVIPWithoutFlapBackAndOperatorLeversAreObeyed() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        let group = AgentLab.app
        let (sampler, owner, peer) = try await fleet.settledPair(group)
        let began = ContinuousClock.now

        // 1. The owner's service answers 503: the owner fences itself, the peer is granted and takes over.
        let failedAt = ContinuousClock.now
        try fleet.service(owner).fail()
        let moved = try await sampler.waitFor("\(group.vip) on \(peer) after \(owner)'s service failed",
                                              since: failedAt, timeout: .seconds(10)) { $0 == [peer] }
        print("agent lab: \(group.vip) on \(peer) \((moved.at - failedAt).formatted) after \(owner)'s service failed (\(fleet.path(group, since: failedAt)))")
        try await fleet.waitForGrant(group, to: peer)
        try fleet.service(owner).recover()
        let recoveredAt = ContinuousClock.now
        _ = try await sampler.waitFor("3 s after \(owner)'s service recovered", since: recoveredAt + .seconds(3),
                                      timeout: .seconds(6)) { _ in true }
        let afterRecovery = sampler.timeline.samples.filter { $0.at >= recoveredAt }
        #expect(afterRecovery.allSatisfy { $0.holders == [peer] },
                "the VIP flapped back after recovery: \(fleet.path(group, since: recoveredAt))")
        let view = try #require(try fleet.vipReport().group(group.name))
        #expect(view.grantHolder == peer, "\(view)")
        #expect(view.member(owner)?.healthy == true, "\(owner) should be healthy again: \(view)")
        // The agents look at their interfaces too: the report says where the address really is.
        #expect(view.member(peer)?.holdsAddress == true && view.member(owner)?.holdsAddress == false, "\(view)")

        // 6. Pin to the old owner: the VIP goes there and stays, even while its checks fail.
        let pinnedAt = ContinuousClock.now
        try fleet.vipCommand(["pin", group.name, owner], on: "db1")
        try await fleet.waitUntilSettled(group, on: owner, steady: .seconds(1), timeout: .seconds(10))
        print("agent lab: pin → \(group.vip) on \(owner) (\(fleet.path(group, since: pinnedAt)))")
        // The operator's command is on record: where it was given, and on a node that had no part in it.
        let asked = try String(contentsOfFile: try #require(fleet.agent("db1").logPath), encoding: .utf8)
        #expect(asked.contains("event=vip_command") && asked.contains("pin(group"), "db1 did not log the pin it committed")
        let bystander = try String(contentsOfFile: try #require(fleet.agent("db3").logPath), encoding: .utf8)
        #expect(bystander.contains("event=vip_command_applied") && bystander.contains("command=pin"), "db3 did not log the applied pin")
        let sickAt = ContinuousClock.now
        try fleet.service(owner).fail()
        _ = try await sampler.waitFor("2 s with a pinned owner failing its checks", since: sickAt + .seconds(2),
                                      timeout: .seconds(5)) { _ in true }
        #expect(sampler.timeline.samples.filter { $0.at >= sickAt }.allSatisfy { $0.holders == [owner] },
                "a pinned owner lost the VIP over a failing check: \(fleet.path(group, since: sickAt))")
        try fleet.service(owner).recover()
        try await fleet.waitForHealth(group, of: owner, healthy: true)

        // Unpin: the arbiter chooses again, and the healthy current owner stays.
        let unpinnedAt = ContinuousClock.now
        try fleet.vipCommand(["unpin", group.name], on: "int2")
        _ = try await sampler.waitFor("2 s after unpin", since: unpinnedAt + .seconds(2), timeout: .seconds(5)) { _ in true }
        #expect(sampler.timeline.samples.filter { $0.at >= unpinnedAt }.allSatisfy { $0.holders == [owner] },
                "unpin moved the VIP: \(fleet.path(group, since: unpinnedAt))")
        #expect(try fleet.vipReport().group(group.name)?.pin == nil)

        // Promote the peer: a planned handover, then it stays.
        let promotedAt = ContinuousClock.now
        try fleet.vipCommand(["promote", group.name, peer], on: owner)
        let handedOver = try await fleet.waitUntilSettled(group, on: peer, steady: .seconds(2), timeout: .seconds(10))
        print("agent lab: promote → \(group.vip) on \(peer) \((handedOver - promotedAt).formatted) later (\(fleet.path(group, since: promotedAt)))")

        #expect(sampler.timeline.maxHolders(since: began) <= 1, "two holders at once: \(fleet.path(group, since: began))")
        let other = try fleet.sampler(AgentLab.int)
        #expect(other.timeline.maxHolders() <= 1, "the int VIP on two nodes: \(fleet.path(AgentLab.int, since: began))")
    }

    /// Scenario 3: the owner is cut off the bridge → at no sampled instant two holders, the VIP ends
    /// on the majority side; heal → one holder.
    @Test func ownerCutOffNeverShowsTwoHolders() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        let group = AgentLab.app
        let (sampler, owner, peer) = try await fleet.settledPair(group)
        let began = ContinuousClock.now

        // 3. Cut the owner off the bridge: it loses the quorum and fences itself; the majority grants the peer.
        let cutAt = ContinuousClock.now
        try fleet.lab.cut(try fleet.lab.node(owner))
        let moved = try await sampler.waitFor("\(group.vip) on \(peer) alone after cutting \(owner) off",
                                              since: cutAt, timeout: .seconds(15)) { $0 == [peer] }
        let cutSpan = try await fleet.holders(group, during: .seconds(3), from: moved.at)
        print("agent lab: \(owner) cut off → \(group.vip) on \(peer) \((moved.at - cutAt).formatted) later (\(fleet.path(group, since: cutAt)))")
        #expect(cutSpan.allSatisfy { $0 == [peer] }, "the VIP did not stay on the majority side: \(fleet.path(group, since: cutAt))")
        #expect(sampler.timeline.maxHolders(since: cutAt) <= 1,
                "two holders after the cut for \(sampler.timeline.dualHolderTime(since: cutAt).formatted): \(fleet.path(group, since: cutAt))")
        let healedAt = ContinuousClock.now
        try fleet.lab.heal(try fleet.lab.node(owner))
        let settled = try await fleet.settledHolder(group, steady: .seconds(2), timeout: .seconds(20))
        print("agent lab: healed → one holder (\(settled)): \(fleet.path(group, since: healedAt))")
        #expect(sampler.timeline.maxHolders(since: healedAt) <= 1, "two holders after the heal: \(fleet.path(group, since: healedAt))")
        #expect(sampler.timeline.maxHolders(since: began) <= 1, "two holders at once: \(fleet.path(group, since: began))")
        #expect(try fleet.sampler(AgentLab.int).timeline.maxHolders() <= 1, "the int VIP on two nodes: \(fleet.path(AgentLab.int, since: began))")
    }

    /// Scenario 5 (the coordinator is killed during a failover → the failover completes) and scenario 2
    /// (the owner's agent AND keepalived are killed → the VIP moves to the peer).
    @Test func failoversCompleteThroughCrashes() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()

        // 5. Fail the owner's service in a group the coordinator is no member of, and kill the
        //    coordinator (SIGKILL) right away: the next coordinator must finish the failover.
        let coordinator = try await fleet.waitForFleet()
        let group = try fleet.group(without: coordinator)
        let (sampler, owner, peer) = try await fleet.settledPair(group)
        let failedAt = ContinuousClock.now
        try fleet.service(owner).fail()
        try await Task.sleep(for: .milliseconds(150))
        try fleet.agent(coordinator).crash()
        let moved = try await sampler.waitFor("\(group.vip) on \(peer) after \(owner)'s service failed and coordinator \(coordinator) died",
                                              since: failedAt, timeout: .seconds(15)) { $0 == [peer] }
        // The VIP can reach the peer before the new coordinator is elected (the peer takes over by VRRP
        // as a standby); the failover is complete once the new coordinator granted it and it stays.
        let successor = try await fleet.waitForFleet()
        try await fleet.waitForGrant(group, to: peer)
        let settled = try await fleet.waitUntilSettled(group, on: peer, steady: .seconds(1), timeout: .seconds(15))
        print("agent lab: coordinator \(coordinator) killed during failover → \(group.vip) on \(peer) \((moved.at - failedAt).formatted) later, settled \((settled - failedAt).formatted) later, new coordinator \(successor) (\(fleet.path(group, since: failedAt)))")
        #expect(try await fleet.holders(group, during: .seconds(2), from: settled).allSatisfy { $0 == [peer] },
                "the VIP left \(peer) after the failover: \(fleet.path(group, since: failedAt))")
        #expect(sampler.timeline.maxHolders(since: failedAt) <= 1, "two holders: \(fleet.path(group, since: failedAt))")
        #expect(successor != coordinator)
        try fleet.service(owner).recover()
        try fleet.agent(coordinator).start()
        try await fleet.waitForFleet()

        // 2. Kill the app owner's agent and keepalived (SIGKILL both): the VIP moves to the peer.
        let app = AgentLab.app
        let appSampler = try fleet.sampler(app)
        let appOwner = try await fleet.settledHolder(app)
        let appPeer = try app.peer(of: appOwner)
        try await fleet.waitForGrant(app, to: appOwner)
        let killedAt = ContinuousClock.now
        try fleet.agent(appOwner).crash()
        try fleet.keepalived(appOwner).crash()
        let taken = try await appSampler.waitFor("\(app.vip) on \(appPeer) after \(appOwner)'s agent and keepalived died",
                                                 since: killedAt, timeout: .seconds(15)) { $0.contains(appPeer) }
        print("agent lab: \(appOwner)'s agent and keepalived killed → \(app.vip) on \(appPeer) \((taken.at - killedAt).formatted) later (\(fleet.path(app, since: killedAt)))")
        try await fleet.waitForGrant(app, to: appPeer, asking: appPeer)
        // keepalived killed by SIGKILL cannot remove its address: whatever the agents do, the dead
        // node's interface keeps the VIP until someone deletes it. Say so rather than hide it.
        let stale = appSampler.timeline.currentHolders?.contains(appOwner) == true
        if stale { print("agent lab: note: \(appOwner)'s interface still carries \(app.vip) (keepalived died by SIGKILL)") }
    }

    /// Scenario 4: the link between the pair is cut while both still reach the db nodes → one holder
    /// throughout.
    /// The standby stops hearing the owner on the mesh within 1.25 s and faults itself before keepalived's
    /// master-down interval (≥ 2.6 s) would make it a second MASTER.
    @Test
    func pairLinkCutKeepsOneHolder() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        // The hard case: the coordinator is in neither half of the pair, so both members keep the quorum.
        // (With the coordinator in the pair, the other member loses it and fences itself.)
        let group = try fleet.group(without: try await fleet.waitForFleet())
        let (sampler, holder, other) = try await fleet.settledPair(group)
        let linkCutAt = ContinuousClock.now
        try fleet.lab.cutLink(try fleet.lab.node(holder), try fleet.lab.node(other))
        let during = try await fleet.holders(group, during: .seconds(8), from: linkCutAt)
        print("agent lab: \(holder)–\(other) link cut → \(fleet.path(group, since: linkCutAt))")
        // The standby is fenced by the pair-link rule (not merely lucky with keepalived's timers).
        let cutView = try #require(try fleet.vipReport(from: other).group(group.name))
        #expect(cutView.member(other)?.trackLevel == "ineligible", "\(other) should be fenced while the link is cut: \(cutView)")
        #expect(during.allSatisfy { $0.count == 1 },
                "not exactly one holder while the pair link was cut (\(sampler.timeline.dualHolderTime(since: linkCutAt).formatted) with two): \(fleet.path(group, since: linkCutAt))")
        let linkHealedAt = ContinuousClock.now
        try fleet.lab.healLink(try fleet.lab.node(holder), try fleet.lab.node(other))
        _ = try await fleet.settledHolder(group, steady: .seconds(1), timeout: .seconds(20))
        #expect(sampler.timeline.maxHolders(since: linkHealedAt) <= 1, "two holders after the link healed: \(fleet.path(group, since: linkHealedAt))")
        let view = try #require(try fleet.vipReport(from: other).group(group.name))
        #expect(view.member(other)?.trackLevel == "standby", "\(other) should stand by again after the heal: \(view)")
    }

    /// no_quorum_policy, with the db nodes as the only voters (as in production): the app group freezes,
    /// the int group stops. A coordinator failover leaves the frozen app VIP where it is while the int VIP
    /// drops until the new coordinator grants again; with every voter dead the app VIP stays on its owner
    /// and the int VIP is gone; a failing check on the frozen owner still lets go; the voters' return
    /// brings the quorum and the grants back.
    @Test func noQuorumPolicyFreezeKeepsOwnersAndStopLetsGo() async throws {
        try LabGate.requireVIPAgent()
        var app = AgentLab.app
        app.noQuorumPolicy = "freeze"
        let int = AgentLab.int
        let voters = ["db1", "db2", "db3"]
        let fleet = try AgentLab(groups: [app, int], voters: voters)
        defer { fleet.stop() }
        try await fleet.start()
        let coordinator = try await fleet.waitForFleet()
        let appSampler = try fleet.sampler(app)
        let intSampler = try fleet.sampler(int)
        let appOwner = try await fleet.settledHolder(app)
        let appPeer = try app.peer(of: appOwner)
        let intOwner = try await fleet.settledHolder(int)
        // Non-voters learn the grants too: `nodeagent vip` tells the truth on an app and an int node.
        try await fleet.waitForGrant(app, to: appOwner, asking: "int2")
        try await fleet.waitForGrant(int, to: intOwner, asking: "app2")
        let began = ContinuousClock.now

        // 1. Coordinator failover: freeze rides it out, stop drops the VIP until the new grant.
        let killedAt = ContinuousClock.now
        try fleet.agent(coordinator).crash()
        let appDuringFailover = try await fleet.holders(app, during: .seconds(6), from: killedAt)
        _ = try await intSampler.waitFor("\(int.vip) held again after the failover", since: killedAt + .seconds(6),
                                         timeout: .seconds(15)) { $0.count == 1 }
        let intGap = intSampler.timeline.noHolderTime(from: killedAt, to: killedAt + .seconds(6))
        print("agent lab: coordinator \(coordinator) killed → app (freeze): \(fleet.path(app, since: killedAt)); int (stop): no holder for \(intGap.formatted) (\(fleet.path(int, since: killedAt)))")
        #expect(appDuringFailover.allSatisfy { $0 == [appOwner] }, "the frozen app VIP moved or dropped: \(fleet.path(app, since: killedAt))")
        try fleet.agent(coordinator).start()
        _ = try await fleet.waitForFleet()

        // 2. Every voter dead: no quorum anywhere. The frozen owner keeps the app VIP; the int VIP drops.
        let votersDownAt = ContinuousClock.now
        for voter in voters { try fleet.agent(voter).crash() }
        let appWithoutQuorum = try await fleet.holders(app, during: .seconds(5), from: votersDownAt)
        #expect(appWithoutQuorum.allSatisfy { $0 == [appOwner] }, "the frozen app VIP moved or dropped: \(fleet.path(app, since: votersDownAt))")
        let intGone = try await intSampler.waitFor("\(int.vip) dropped without a quorum", since: votersDownAt,
                                                   timeout: .seconds(5)) { $0.isEmpty }
        print("agent lab: every voter killed → app (freeze) kept on \(appOwner) for 5 s; int (stop) dropped \((intGone.at - votersDownAt).formatted) later")
        #expect(try await fleet.holders(int, during: .seconds(2), from: intGone.at).allSatisfy(\.isEmpty),
                "the int VIP came back without a quorum: \(fleet.path(int, since: votersDownAt))")

        //    A failing check on the frozen owner still lets go, and keepalived moves the VIP to the peer.
        let failedAt = ContinuousClock.now
        try fleet.service(appOwner).fail()
        let moved = try await appSampler.waitFor("\(app.vip) on \(appPeer) after \(appOwner)'s service failed without a quorum",
                                                 since: failedAt, timeout: .seconds(10)) { $0 == [appPeer] }
        print("agent lab: frozen owner's service failed → \(app.vip) on \(appPeer) \((moved.at - failedAt).formatted) later")

        // 3. The voters return: the coordinator grants again, the int VIP comes back.
        let backAt = ContinuousClock.now
        for voter in voters { try fleet.agent(voter).start() }
        _ = try await fleet.waitForFleet()
        try await fleet.waitForGrant(app, to: appPeer, asking: "int1", timeout: .seconds(15))
        let intBack = try await intSampler.waitFor("\(int.vip) held again after the voters returned", since: backAt,
                                                   timeout: .seconds(20)) { $0.count == 1 }
        print("agent lab: voters restarted → int VIP back \((intBack.at - backAt).formatted) later; app granted to \(appPeer)")
        try fleet.service(appOwner).recover()
        #expect(appSampler.timeline.maxHolders(since: began) <= 1, "two app holders: \(fleet.path(app, since: began))")
        #expect(intSampler.timeline.maxHolders(since: began) <= 1, "two int holders: \(fleet.path(int, since: began))")
    }

    /// keepalived restarted under a running agent (an update, `systemctl restart keepalived`) must be
    /// steered again: its `init_file -254 overwrite` resets the track file, so the agent has to write
    /// its level again, or the node stays in FAULT for good.
    /// keepalived removes the notify FIFO it created when it exits: the agent follows the new one.
    @Test
    func keepalivedRestartedUnderARunningAgentIsSteeredAgain() async throws {
        try LabGate.requireVIPAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        try await fleet.start()
        let group = AgentLab.app
        let owner = try await fleet.settledHolder(group)
        let peer = try group.peer(of: owner)
        try await fleet.waitForGrant(group, to: owner)
        try fleet.keepalived(peer).stop()
        try fleet.startKeepalived(peer, group: group)
        let deadline = ContinuousClock.now + .seconds(5)
        var vrrp = "unknown"
        while ContinuousClock.now < deadline {
            vrrp = (try? fleet.vipReport(from: peer).group(group.name)?.member(peer)?.vrrp).flatMap { $0 } ?? "unknown"
            if vrrp == "backup" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(vrrp == "backup", "the restarted keepalived on \(peer) is \(vrrp), track file: \((try? String(contentsOfFile: fleet.config.files(for: try fleet.lab.node(peer)).trackFile(group.name), encoding: .utf8)) ?? "?")")
        // And it can still take over.
        let failedAt = ContinuousClock.now
        try fleet.service(owner).fail()
        _ = try await fleet.sampler(group).waitFor("\(group.vip) on \(peer) after \(owner)'s service failed",
                                                   since: failedAt, timeout: .seconds(10)) { $0 == [peer] }
    }
}
}
#endif
