import Actions
import Config
import CoreMetrics
import Foundation
import Gossip
import Keepalived
import Logging
import Mesh
import NIOCore
import Quorum

/// VIP arbitration beside keepalived, on one node. Every 100 ms, on the mesh's event loop:
/// - as a MEMBER of a group: decide its own track level from its lease, health and quorum contact
///   (letting go is local and immediate; taking over needs a grant), write keepalived's track file, and
///   publish health and observed VRRP state in gossip;
/// - as the COORDINATOR: compute each group's desired owner with the arbiter and commit a grant when it
///   differs from the current one; report split brains.
final class VIPController: @unchecked Sendable {
    private let me: NodeID
    private let groups: [VIPGroupConfig]
    private let definitions: [String: VIPGroupDefinition]
    private let trackValues: [String: TrackValues]
    private let trackDirectory: String
    private let fifoPath: String
    private let quorum: QuorumDriver
    private let gossip: GossipDriver
    private let mesh: Mesh
    private let logger: Logger
    private var health = HealthSummary(states: [:])
    private var vrrp: [String: ObservedVRRPState] = [:]
    private var written: [String: Int] = [:]
    private var levels: [String: TrackLevel] = [:]
    /// When this node became owner while keepalived still reported BACKUP: the boost waits (see
    /// `boostDeferral`) so keepalived's own takeover timer is not restarted by a priority change.
    private var ownerSince: [String: NIODeadline] = [:]
    private var ticks = 0
    /// Each group's handover state (see `HandoverTracker`).
    private var handovers: [String: HandoverTracker] = [:]
    /// Groups granted here by a planned handover while another member still holds the VIP: that
    /// member, whose boosted priority the raise stays just below.
    private var predecessor: [String: NodeID] = [:]
    /// On the coordinator: per group, whether the grant should follow a MASTER keepalived chose.
    private var followers: [String: MasterFollower] = [:]
    /// Groups whose track file carries the owner boost.
    private var boosted: Set<String> = []
    private var proposing: Set<String> = []
    private var lastSplitBrainLog: [String: NIODeadline] = [:]
    /// When this agent started: the first grants prefer the configured priorities for a moment.
    private let startedAt = NIODeadline.now()
    /// Per group, since when several members have reported MASTER without a break.
    private var duplicateMastersSince: [String: NIODeadline] = [:]
    private var published: [String: MetadataValue] = [:]
    /// Whether each group's VIP was on this node's interface at the last look.
    private var onInterface: [String: Bool] = [:]
    /// How many looks in a row the interface and keepalived's reported state disagreed.
    private var addressDisagreements: [String: Int] = [:]
    /// When each fellow group member was last heard on the mesh (any frame, pings included).
    private var lastHeard: [String: NIODeadline] = [:]
    /// keepalived's VRRP process on this node, as last seen (see `KeepalivedProcess`).
    private var keepalived: KeepalivedProcess?
    private let keepalivedPidFiles: [String]
    /// Groups whose stale VIP is being taken off the interface right now (off the loop).
    private var removingAddress: Set<String> = []
    /// VRRP adverts of other nodes, per group: when the last one arrived and the interval it announced.
    private var lastAdvert: [String: (at: NIODeadline, intervalMs: Int)] = [:]
    private var advertListener: VRRPAdvertListener?
    private var advertsWatchedSince: NIODeadline?
    /// This node's own addresses, so that its own adverts (when it is MASTER) are not counted.
    private var ownAddresses: Set<String> = []
    private var ticker: RepeatedTask?
    private var fifo: NotifyFIFOReader?
    private var checks: CheckRunner?
    private var probeClients: ProbeClients?

    init(config: NodeConfig, quorum: QuorumDriver, gossip: GossipDriver, mesh: Mesh, logger: Logger) throws(AgentError) {
        me = NodeID(config.node.name)
        groups = config.vipGroups.values.sorted { $0.name < $1.name }
        var definitions: [String: VIPGroupDefinition] = [:]
        var values: [String: TrackValues] = [:]
        for group in groups {
            let members = group.members.map { name, priority in
                VIPGroupMember(node: NodeID(name), priority: priority, mode: group.mode(of: name) == .passive ? .passive : .auto)
            }
            definitions[group.name] = VIPGroupDefinition(name: group.name, members: members)
            do {
                values[group.name] = try TrackValues(priorities: group.members)
            } catch {
                throw .config("vip_groups.\(group.name).members: \(error)")
            }
        }
        self.definitions = definitions
        trackValues = values
        trackDirectory = config.keepalived.trackDirectory
        fifoPath = config.keepalived.notifyFifo
        keepalivedPidFiles = config.keepalived.vrrpPidFile.map { [$0] } ?? KeepalivedProcess.defaultPidFiles
        self.quorum = quorum
        self.gossip = gossip
        self.mesh = mesh
        self.logger = logger
        checkSpecs = VIPController.specs(for: config, me: config.node.name)
    }

    private let checkSpecs: [CheckSpec]

    /// The groups this node is a member of.
    private var myGroups: [VIPGroupConfig] { groups.filter { $0.members[me.name] != nil } }

    /// The track file keepalived reads for `group`.
    static func trackFilePath(directory: String, group: String) -> String { directory + "/" + group + ".track" }

    // MARK: Lifecycle

    func start() throws(AgentError) {
        guard !groups.isEmpty else { return }
        if !myGroups.isEmpty {
            try prepareTrackFiles()
            try startFIFO()
            startAdvertListener()
            startChecks()
        }
        mesh.eventLoop.execute {
            self.ticker = self.mesh.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
                self.tick()
            }
        }
    }

    func stop() async {
        try? await mesh.eventLoop.submit { self.ticker?.cancel() }.get()
        await checks?.stop()
        try? await probeClients?.shutdown()
        fifo?.stop()
        advertListener?.stop()
        // Leaving: make this node ineligible so keepalived releases the VIP at once.
        for group in myGroups { try? TrackFile(path: VIPController.trackFilePath(directory: trackDirectory, group: group.name)).write(TrackValues.ineligible) }
    }

    /// Start as ineligible: nothing is owned before the quorum says so.
    private func prepareTrackFiles() throws(AgentError) {
        do {
            try FileManager.default.createDirectory(atPath: trackDirectory, withIntermediateDirectories: true)
        } catch {
            throw .storage("cannot create keepalived.track_dir \(trackDirectory): \(error.localizedDescription)")
        }
        for group in myGroups {
            do {
                try TrackFile(path: VIPController.trackFilePath(directory: trackDirectory, group: group.name)).write(TrackValues.ineligible)
                written[group.name] = TrackValues.ineligible
            } catch {
                throw .storage("cannot write the track file of \(group.name): \(error)")
            }
        }
    }

    private func startFIFO() throws(AgentError) {
        do {
            let reader = try NotifyFIFOReader(path: fifoPath)
            let controller = self
            let loop = mesh.eventLoop
            try reader.start { record in
                loop.execute { controller.received(record) }
            }
            fifo = reader
        } catch {
            throw .storage("keepalived.notify_fifo \(fifoPath): \(error)")
        }
    }

    /// Listens to VRRP adverts (a raw socket: CAP_NET_RAW). Without it the adverts rule is off, which
    /// is logged once: the pair-link rule over the mesh and the dual-MASTER rule still apply.
    private func startAdvertListener() {
        do {
            let listener = try VRRPAdvertListener()
            let loop = mesh.eventLoop
            let controller = self
            listener.start { advert in loop.execute { controller.heard(advert) } }
            advertListener = listener
            mesh.eventLoop.execute { self.advertsWatchedSince = NIODeadline.now() }
        } catch {
            logger.warning("cannot watch VRRP adverts (\(error)); the adverts rule is off", metadata: [
                "event": "vrrp_adverts_unavailable", "reason": "\(error)",
            ])
        }
    }

    private func startChecks() {
        guard !checkSpecs.isEmpty else { return }
        let loop = mesh.eventLoop
        let controller = self
        // The probes' sockets live on the agent's own loop: no threads of their own (a probe is a
        // few microseconds of I/O there; the blocking sd-bus calls run on their own queue).
        let clients = ProbeClients(eventLoopGroup: loop)
        let runner = CheckRunner(specs: checkSpecs, prober: CheckProber(clients: clients), onProbe: Self.countProbe) { transition, summary in
            loop.execute { controller.checkChanged(transition, summary) }
        }
        probeClients = clients
        checks = runner
        Task { await runner.start() }
    }

    /// Every probe's result and duration, for `/metrics`: a check that passes slower and slower shows
    /// there before it starts failing.
    @Sendable private static func countProbe(_ check: String, _ result: ProbeResult) {
        Counter(label: "nodeagent_check_results_total", dimensions: [("check", check), ("result", result.success ? "pass" : "fail")]).increment()
        Timer(label: "nodeagent_check_duration_seconds", dimensions: [("check", check)]).recordNanoseconds(result.duration.nanosecondsValue)
    }

    /// The checks named by the groups this node is a member of (a check no group of ours names is not
    /// run: its result would gate nothing).
    static func specs(for config: NodeConfig, me: String) -> [CheckSpec] {
        let names = Set(config.vipGroups.values.filter { $0.members[me] != nil }.flatMap(\.checks))
        return names.sorted().compactMap { name in
            guard let check = config.checks[name] else { return nil }
            let probe: ProbeKind
            switch check.probe {
            case let .tcp(address): probe = .tcp(host: address.host, port: address.port)
            case let .http(url, status): probe = .http(url: url, expectStatus: status)
            case let .docker(container): probe = .docker(container: container)
            case let .systemd(unit): probe = .systemd(unit: unit)
            case let .command(argv): probe = .command(argv: argv)
            case let .patroni(url, role): probe = .patroni(url: url, endpoint: CheckProbe.patroniEndpoints[role] ?? "health")
            }
            return CheckSpec(name: name, probe: probe, interval: .milliseconds(check.intervalMs),
                             timeout: .milliseconds(check.timeoutMs), fall: check.fall, rise: check.rise)
        }
    }

    // MARK: Inputs (on the event loop)

    private func checkChanged(_ transition: CheckTransition, _ summary: HealthSummary) {
        health = summary
        guard let event = transition.eventName else { return }
        let metadata: Logger.Metadata = ["event": "\(event)", "check": "\(transition.check)", "detail": "\(transition.detail)",
                                         "from": "\(transition.from)", "to": "\(transition.to)"]
        if transition.to == .failing {
            logger.warning("check \(transition.check) failed: \(transition.detail)", metadata: metadata)
        } else {
            logger.notice("check \(transition.check) recovered", metadata: metadata)
        }
        tick()
    }

    private func received(_ record: NotifyFIFORecord) {
        switch record {
        case .reopened:
            logger.notice("keepalived replaced its notify FIFO \(fifoPath) (it restarted); reading the new one",
                          metadata: ["event": "vrrp_fifo_reopened", "path": "\(fifoPath)"])
        case let .malformed(error):
            logger.warning("unreadable keepalived notify line: \(error)", metadata: ["event": "vrrp_notify_malformed", "reason": "\(error)"])
        case let .event(event):
            guard event.kind == .instance, let group = groups.first(where: { $0.instance == event.name }) else { return }
            let state: ObservedVRRPState
            switch event.state {
            case .master, .masterReceivedLowerPriority, .masterPriority: state = .master
            case .backup, .backupPriority: state = .backup
            case .fault, .stop, .deleted: state = .fault
            }
            let previous = vrrp[group.name]
            vrrp[group.name] = state
            guard previous != state else { return }
            logger.notice("keepalived \(group.instance) is \(event.state.rawValue)", metadata: [
                "event": "vrrp_state", "group": "\(group.name)", "instance": "\(group.instance)", "state": "\(state.rawValue)",
                "previous": "\(previous?.rawValue ?? "unknown")", "term": "\(quorum.term)",
            ])
            runActiveOnly(group, becameMaster: state == .master, wasMaster: previous == .master)
            // keepalived adds or removes the VIP as part of the transition it just reported: look now,
            // so the address is published with the state instead of up to a poll interval later (a
            // stale "still here" from the old owner beside the new owner's would read as two holders).
            observeAddresses()
            tick()
        }
    }

    /// An advert of another node that carries one of our groups' VIPs.
    private func heard(_ advert: VRRPAdvert) {
        guard !ownAddresses.contains(advert.source) else { return }
        for group in myGroups where advert.addresses.contains(group.vip.address.description) {
            lastAdvert[group.name] = (NIODeadline.now(), max(advert.intervalMilliseconds, 100))
        }
    }

    // MARK: The loop

    private func tick() {
        ticks &+= 1
        refreshContact()
        if !myGroups.isEmpty { watchKeepalived() }
        if ticks % 5 == 0 { observeAddresses() }
        for group in myGroups { decideLocally(group) }
        publish()
        if quorum.isCoordinator {
            for group in groups { arbitrate(group) }
        }
    }

    /// Letting go is local and immediate; taking over needs a valid lease from the coordinator.
    private func decideLocally(_ group: VIPGroupConfig) {
        let state = quorum.appliedState
        let now = quorum.localNow
        let holder = state.grants[group.name]?.node
        let evidence = self.evidence(group, holder: holder)
        let inputs = TrackInputs(
            ownerLeaseEnd: quorum.leaseEnd(group: group.name), standbyLeaseEnd: quorum.standbyLeaseEnd(),
            checksPassing: checksPassing(group), quorumReachable: quorum.quorumReachable(),
            pinnedHere: state.pins[group.name] == me, mode: mode(of: me, in: group, state: state),
            handover: handoverRole(group, evidence: evidence), ownerOutOfReach: evidence.ownerOutOfReach,
            coordinatorQuiet: quorum.coordinatorQuiet(), hearsAFellowMember: evidence.hearsAFellowMember,
            previousLevel: levels[group.name],
            noQuorumPolicy: group.noQuorumPolicy == .freeze ? .freeze : .stop,
            keepalivedRunning: keepalived?.isRunning ?? false,
            staleAddressElsewhere: evidence.staleAddressElsewhere, advertsMissing: evidence.advertsMissing,
            awaitingHolder: evidence.awaitingHolder)
        let decision = TrackDecision.decide(inputs, now: now)
        stampDeadline(group, decision: decision, inputs: inputs, now: now)
        guard let values = trackValues[group.name] else { return }
        let value = trackValue(for: decision.level, group: group.name, values: values)
        let previous = levels[group.name]
        levels[group.name] = decision.level
        if written[group.name] != value || (ticks % 10 == 0 && trackFileDrifted(group.name)) {
            do {
                try TrackFile(path: VIPController.trackFilePath(directory: trackDirectory, group: group.name)).write(value)
                written[group.name] = value
            } catch {
                logger.error("cannot write the track file of \(group.name): \(error)", metadata: ["event": "track_file_failed", "group": "\(group.name)", "reason": "\(error)"])
                return
            }
        }
        guard previous != decision.level else { return }
        logLevelChange(group, from: previous, to: decision)
    }

    /// Pushes the group's lease deadline file forward to the end of what vouches for the current level,
    /// so keepalived's `vrrp_script` faults the instance once that has passed without the agent saying
    /// more (a frozen or hung agent; see `LeaseDeadlineFile`). An ineligible level still stamps the lease
    /// it holds: the track file already faults keepalived, and a deadline left to lapse would make
    /// keepalived's script fail too, so that the return to eligibility waits for the script's next run
    /// (up to its interval) before keepalived is BACKUP again — the lab saw a handover's old owner miss
    /// the next handover's priority-0 advert that way and wait out keepalived's full master-down timer.
    /// With no lease at all, nothing is stamped and the deadline lapses by itself.
    private func stampDeadline(_ group: VIPGroupConfig, decision: TrackDecision, inputs: TrackInputs, now: Instant) {
        var remaining: Int64
        switch decision.reason {
        case .ownerLease: remaining = inputs.ownerLeaseEnd.map { $0.since(now) } ?? 0
        case .standbyLease, .successorLease: remaining = inputs.standbyLeaseEnd.map { $0.since(now) } ?? 0
        case .frozen: remaining = quorum.leaseDuration.nanosecondsValue
        default:
            guard decision.level == .ineligible else { return }
            remaining = [inputs.ownerLeaseEnd, inputs.standbyLeaseEnd].compactMap { $0?.since(now) }.max() ?? 0
            guard remaining > 0 else { return }
        }
        // Under `freeze` a level outlives its lease by design (the owner lease runs out, then `frozen`
        // keeps it): vouch a full lease ahead on every tick, so keepalived's check never lands in the
        // moment between the lease's end and the next tick.
        if group.noQuorumPolicy == .freeze { remaining = max(remaining, quorum.leaseDuration.nanosecondsValue) }
        do {
            try LeaseDeadlineFile(path: LeaseDeadlineFile.path(directory: trackDirectory, group: group.name))
                .stamp(nanosecondsFromNow: remaining)
        } catch {
            guard ticks % 50 == 0 else { return }
            logger.error("cannot stamp the lease deadline of \(group.name): \(error)", metadata: [
                "event": "lease_deadline_failed", "group": "\(group.name)", "reason": "\(error)",
            ])
        }
    }

    /// Looks whether each group's VIP is on this node's interface — the ground truth, beside what
    /// keepalived reports — publishes it, and warns when the two disagree twice in a row (an address
    /// a killed keepalived left behind, or a MASTER that failed to add it).
    private func observeAddresses() {
        if let addresses = try? LocalAddresses.read() { ownAddresses = Set(addresses.map(\.address)) }
        for group in myGroups {
            guard let held = try? LocalAddresses.holds(group.vip.description, interface: group.interface) else { continue }
            let previous = onInterface[group.name]
            onInterface[group.name] = held
            if previous != held {
                logger.notice("\(group.name): \(group.vip) is \(held ? "now on" : "no longer on") \(group.interface)", metadata: [
                    "event": "vip_address", "group": "\(group.name)", "held": "\(held)", "interface": "\(group.interface)",
                    "vrrp": "\((vrrp[group.name] ?? .unknown).rawValue)",
                ])
            }
            let agrees = held == (vrrp[group.name] == .master) || vrrp[group.name] == nil
            addressDisagreements[group.name] = agrees ? 0 : (addressDisagreements[group.name] ?? 0) + 1
            if addressDisagreements[group.name] == 2 {
                logger.warning("\(group.name): \(group.vip) is \(held ? "" : "not ")on \(group.interface) but keepalived reports \((vrrp[group.name] ?? .unknown).rawValue)", metadata: [
                    "event": "vip_address_mismatch", "group": "\(group.name)", "held": "\(held)",
                    "vrrp": "\((vrrp[group.name] ?? .unknown).rawValue)",
                ])
            }
        }
    }

    /// Looks at keepalived's VRRP process every tick. When it is gone or stopped, this node is out of
    /// every group at once (see `TrackDecision`), reports it in gossip, and takes any VIP keepalived left
    /// on the interface off it, since a killed keepalived never does and its peer takes over ~2 s later.
    private func watchKeepalived() {
        let now = KeepalivedProcess.look(pidFiles: keepalivedPidFiles)
        let previous = keepalived
        keepalived = now
        if previous != now {
            let metadata: Logger.Metadata = ["event": "\(now.isRunning ? "keepalived_running" : "keepalived_down")",
                                             "state": "\(now)", "previous": "\(previous.map { "\($0)" } ?? "unknown")"]
            if now.isRunning {
                logger.notice("keepalived is \(now)", metadata: metadata)
            } else {
                logger.warning("keepalived is \(now): this node leaves its VIP groups until it is back", metadata: metadata)
            }
            // Whatever keepalived said before no longer holds: a new (or resumed) one reports again on
            // the FIFO, and a dead one holds nothing.
            if previous != nil || !now.isRunning {
                for group in myGroups { vrrp[group.name] = now.isRunning ? .unknown : .fault }
            }
        }
        guard !now.isRunning else { return }
        for group in myGroups where onInterface[group.name] != false { removeStaleAddress(group) }
    }

    /// Removes `group`'s VIP from the interface off the event loop, then looks at the interface again.
    private func removeStaleAddress(_ group: VIPGroupConfig) {
        guard !removingAddress.contains(group.name) else { return }
        removingAddress.insert(group.name)
        let loop = mesh.eventLoop
        let controller = self
        let vip = group.vip.description
        let interface = group.interface
        DispatchQueue.global().async {
            let outcome = StaleAddressRemover.remove(vip: vip, interface: interface)
            loop.execute { controller.addressRemoval(group, outcome) }
        }
    }

    private func addressRemoval(_ group: VIPGroupConfig, _ outcome: StaleAddressRemover.Outcome) {
        removingAddress.remove(group.name)
        switch outcome {
        case .removed:
            logger.warning("\(group.name): took \(group.vip) off \(group.interface): keepalived is \(keepalived.map { "\($0)" } ?? "unknown") and left it there", metadata: [
                "event": "vip_address_removed", "group": "\(group.name)", "interface": "\(group.interface)", "outcome": "\(outcome)",
            ])
        case .absent:
            break
        case .failed:
            logger.error("\(group.name): cannot take \(group.vip) off \(group.interface): \(outcome)", metadata: [
                "event": "vip_address_remove_failed", "group": "\(group.name)", "reason": "\(outcome)",
            ])
        }
        observeAddresses()
        publish()
    }

    /// Records when each fellow member was last heard; a closed connection keeps the last time heard.
    private func refreshContact() {
        for name in Set(myGroups.flatMap(\.members.keys)) where name != me.name {
            if let silence = mesh.silence(of: name) { lastHeard[name] = NIODeadline.now() - silence }
        }
    }

    /// What the other members of `group` report and how this node hears them and their adverts: the
    /// input of the pure rules in `GroupEvidence`.
    private func evidence(_ group: VIPGroupConfig, holder: NodeID?) -> GroupEvidence {
        let members = gossip.snapshotOnLoop
        let now = NIODeadline.now()
        var peers: [NodeID: PeerReport] = [:]
        for name in group.members.keys where name != me.name {
            let member = members.first { $0.id.name == name }
            let values = member?.metadata.values ?? [:]
            let liveness: PeerReport.Liveness
            switch member?.status {
            case .alive?: liveness = .alive
            case .suspect?: liveness = .suspect
            default: liveness = .gone
            }
            var report = PeerReport(liveness: liveness, silence: lastHeard[name].map { (now - $0).nanoseconds })
            if case let .string(text)? = values["vip.\(group.name).level"] { report.level = TrackLevel.allCases.first { "\($0)" == text } }
            if case let .string(text)? = values["vip.\(group.name).vrrp"] { report.vrrp = ObservedVRRPState(rawValue: text) ?? .unknown }
            if case let .bool(value)? = values["vip.\(group.name).healthy"] { report.healthy = value }
            if case let .bool(value)? = values["vip.\(group.name).address"] { report.holdsAddress = value }
            if case let .bool(value)? = values["vip.\(group.name).keepalived"] { report.keepalivedRunning = value }
            peers[NodeID(name)] = report
        }
        let advert = lastAdvert[group.name]
        let advertSilence = advertsWatchedSince.map { since in (now - (advert.map { max($0.at, since) } ?? since)).nanoseconds }
        return GroupEvidence(me: me, holder: holder, ownVRRP: vrrp[group.name] ?? .unknown, peers: peers,
                             advertSilence: advertSilence, advertInterval: Int64(advert?.intervalMs ?? 1000) * 1_000_000)
    }

    /// This node's part in a handover (see `HandoverTracker`), from the grant, its own keepalived and
    /// what the other members publish.
    private func handoverRole(_ group: VIPGroupConfig, evidence: GroupEvidence) -> HandoverRole? {
        let peers = evidence.peers.mapValues { HandoverTracker.Peer(vrrp: $0.vrrp, level: $0.level) }
        let observation = HandoverTracker.Observation(
            holder: evidence.holder, planned: quorum.appliedState.grants[group.name]?.planned == true,
            ownVRRP: vrrp[group.name] ?? .unknown, peers: peers)
        var tracker = handovers[group.name] ?? HandoverTracker(me: me)
        let outcome = tracker.observe(observation, now: quorum.localNow)
        handovers[group.name] = tracker
        predecessor[group.name] = outcome.predecessor
        return outcome.role
    }

    /// keepalived restarts the takeover timer (3 × advert_int + skew) whenever a BACKUP's priority
    /// changes. A new owner whose predecessor just went FAULT is already taking over on keepalived's
    /// short skew timer (under a second); raising it then would delay the VIP by seconds. So the boost
    /// waits until keepalived reports MASTER, or `boostDeferral` at most — never unsafe: the boost only
    /// adds precedence, the lease already allows ownership.
    static let boostDeferral: TimeAmount = .milliseconds(1200)

    private func trackValue(for level: TrackLevel, group: String, values: TrackValues) -> Int {
        switch level {
        case .ineligible, .standby:
            ownerSince[group] = nil
            boosted.remove(group)
            return level == .ineligible ? TrackValues.ineligible : values.standbyRaise
        case .successor:
            ownerSince[group] = nil
            boosted.remove(group)
            return successorValue(group: group, values: values) ?? values.standbyRaise
        case .owner:
            if boosted.contains(group) || vrrp[group] == .master {
                boosted.insert(group)
                return values.ownerBoost
            }
            let since = ownerSince[group] ?? NIODeadline.now()
            ownerSince[group] = since
            if NIODeadline.now() - since >= VIPController.boostDeferral {
                boosted.insert(group)
                return values.ownerBoost
            }
            // Deferred: keep what keepalived already has (a successor's raise, or standby), since any
            // change restarts its takeover timer.
            return successorValue(group: group, values: values)
                ?? written[group].flatMap { $0 > TrackValues.ineligible ? $0 : nil } ?? values.standbyRaise
        }
    }

    /// The raise of a successor whose predecessor is still MASTER, if this node is one.
    private func successorValue(group: String, values: TrackValues) -> Int? {
        guard let previous = predecessor[group] else { return nil }
        return try? values.successorRaise(successor: me.name, owner: previous.name)
    }

    /// Whether the track file no longer says what this node wrote: a restarted keepalived with
    /// `init_file … overwrite` resets it, and the agent must steer the new keepalived again.
    private func trackFileDrifted(_ group: String) -> Bool {
        guard let expected = written[group] else { return false }
        let file = TrackFile(path: VIPController.trackFilePath(directory: trackDirectory, group: group))
        guard let actual = try? file.read(), actual != expected else { return false }
        logger.warning("\(group): track file says \(actual), expected \(expected); rewriting it", metadata: [
            "event": "track_file_restored", "group": "\(group)", "found": "\(actual)", "expected": "\(expected)",
        ])
        return true
    }

    private func logLevelChange(_ group: VIPGroupConfig, from previous: TrackLevel?, to decision: TrackDecision) {
        let metadata: Logger.Metadata = [
            "event": "\(decision.level == .owner ? "vip_granted" : (decision.level == .ineligible && previous != nil ? "vip_fenced" : "vip_level"))",
            "group": "\(group.name)", "level": "\(decision.level)", "previous": "\(previous.map { "\($0)" } ?? "none")",
            "reason": "\(decision.reason)", "term": "\(quorum.term)",
        ]
        switch decision.level {
        case .owner: logger.notice("\(group.name): this node owns the VIP \(group.vip) (lease valid)", metadata: metadata)
        case .ineligible where previous == .owner || previous == .standby:
            logger.warning("\(group.name): this node is fenced: \(decision.reason)", metadata: metadata)
        default: logger.info("\(group.name): \(decision)", metadata: metadata)
        }
    }

    /// The coordinator's job: desired owner by the arbiter, committed as a grant when it changes.
    private func arbitrate(_ group: VIPGroupConfig) {
        guard let definition = definitions[group.name], !proposing.contains(group.name) else { return }
        let state = quorum.appliedState
        let input = VIPArbiterInput(group: definition, view: fleetView(for: group), state: state)
        var decision = VIPArbiter.decide(input)
        reportDuplicateMasters(group, definition: definition, desired: decision.owner, view: input.view)
        let holder = state.grants[group.name]?.node
        if holder == nil, state.pins[group.name] == nil, let owner = decision.owner,
           firstGrantWaits(for: owner, in: definition, decision: decision) { return }
        var reason = "\(decision.reason)"
        var follower = followers[group.name] ?? MasterFollower()
        let master = follower.follow(decision, holder: holder, group: definition, view: input.view, now: quorum.localNow)
        followers[group.name] = follower
        if let master {
            decision.owner = master
            reason = "\(master) has held the VIP for \(MasterFollower.after / 1_000_000) ms while the holder "
                + "\(holder?.name ?? "nobody") did not: the grant follows keepalived instead of moving the VIP back"
        }
        guard decision.owner != holder else { return }
        // Planned when the current holder could have kept the group (a pin or a mode change moved it):
        // the new holder then raises itself before the old one lets go.
        let planned = reason == "\(decision.reason)"
            && holder.map { decision.excluded[$0] == nil && group.members[$0.name] != nil } ?? false
        let command: FleetCommand = decision.owner.map { .grant(group: group.name, node: $0, planned: planned ? true : nil) }
            ?? .revoke(group: group.name)
        proposing.insert(group.name)
        let logger = self.logger
        let name = group.name
        let loop = mesh.eventLoop
        logger.notice("\(name): granting to \(decision.owner?.name ?? "nobody") (was \(holder?.name ?? "nobody")): \(reason)", metadata: [
            "event": "\(decision.owner == nil ? "vip_revoked" : "vip_handover")", "group": "\(name)",
            "node": "\(decision.owner?.name ?? "")", "previous": "\(holder?.name ?? "")", "reason": "\(reason)", "term": "\(quorum.term)",
        ])
        let controller = self
        quorum.proposeInBackground(command) { result in
            loop.execute {
                controller.proposing.remove(name)
                if case let .rejected(reason) = result {
                    logger.warning("\(name): grant not committed: \(reason)", metadata: ["event": "vip_grant_failed", "group": "\(name)", "reason": "\(reason)"])
                }
            }
        }
    }

    /// How long several members may report MASTER before it is logged as a split brain: longer than
    /// two members' reports take to cross on their way to the coordinator.
    static let duplicateMastersGrace = TimeAmount.milliseconds(1_000)

    /// How long after the agent started a first grant waits for a member of higher priority that is
    /// not eligible yet: long enough for a fleet that starts together to have joined, connected and
    /// passed its first checks (5 s in the demo), short enough for a cold start without the preferred node.
    static let firstGrantPreference = TimeAmount.seconds(10)

    /// At a fleet's start the members join, connect and report their first health in any order, and a
    /// first grant sticks (the VIP does not move back to a healthier preferred node). So, while this
    /// agent is young, the first grant of a group waits while a member of higher priority is not
    /// eligible yet (for any reason but its passive mode). Later, or when the group already has a
    /// holder or a pin, nothing waits: a failover never does.
    private func firstGrantWaits(for owner: NodeID, in definition: VIPGroupDefinition, decision: VIPDecision) -> Bool {
        guard NIODeadline.now() - startedAt < Self.firstGrantPreference,
              let priority = definition.member(owner)?.priority else { return false }
        return definition.members.contains { member in
            guard member.priority > priority, let why = decision.excluded[member.node] else { return false }
            return why != .passive
        }
    }

    private func reportDuplicateMasters(_ group: VIPGroupConfig, definition: VIPGroupDefinition, desired: NodeID?,
                                        view: [NodeID: VIPMemberView]) {
        let extra = VIPArbiter.resolveDuplicateMasters(desiredOwner: desired, group: definition, view: view)
        guard !extra.isEmpty else {
            duplicateMastersSince[group.name] = nil
            return
        }
        let now = NIODeadline.now()
        // In a planned handover the new owner's MASTER can reach the coordinator a few milliseconds
        // before the old owner's BACKUP: two MASTERs in the view, never two on the wire. Only a
        // duplicate that outlasts that crossing is a split brain worth an error.
        let since = duplicateMastersSince[group.name] ?? now
        duplicateMastersSince[group.name] = since
        guard now - since >= Self.duplicateMastersGrace else { return }
        if let last = lastSplitBrainLog[group.name], now - last < .seconds(5) { return }
        lastSplitBrainLog[group.name] = now
        logger.error("\(group.name): several nodes report MASTER; only \(desired?.name ?? "nobody") may hold \(group.vip)", metadata: [
            "event": "split_brain_detected", "group": "\(group.name)", "node": "\(desired?.name ?? "")",
            "revoked": "\(extra.map(\.name).joined(separator: ","))", "term": "\(quorum.term)",
        ])
    }

    // MARK: Views

    /// What the coordinator believes about each member: gossip liveness, the health and VRRP state the
    /// member publishes, and whether the mesh reaches it.
    private func fleetView(for group: VIPGroupConfig) -> [NodeID: VIPMemberView] {
        var view: [NodeID: VIPMemberView] = [:]
        let members = gossip.snapshotOnLoop
        let connected = Set(mesh.connectedNodes)
        // A holder that let its lease run out cannot be renewed in practice (a frozen agent keeps its
        // connection): as good as unreachable, and a fact the coordinator measured itself.
        let lapsed = quorum.isCoordinator && quorum.holderLeaseLapsed(group: group.name)
            ? quorum.appliedState.grants[group.name]?.node.name : nil
        for name in group.members.keys {
            if name == me.name {
                view[me] = VIPMemberView(alive: true, checksPassing: canHold(group), vrrp: vrrp[group.name] ?? .unknown, reachable: true)
                continue
            }
            guard let member = members.first(where: { $0.id.name == name }) else { continue }
            let values = member.metadata.values
            let healthy: Bool
            if case let .bool(value)? = values["vip.\(group.name).healthy"] { healthy = value } else { healthy = false }
            let observed: ObservedVRRPState
            if case let .string(text)? = values["vip.\(group.name).vrrp"] { observed = ObservedVRRPState(rawValue: text) ?? .unknown } else { observed = .unknown }
            // A suspicion is a hint, not a fact: only a confirmed death (or a leave) takes a member out;
            // the lease bounds what a member that is really gone can still do.
            view[NodeID(name)] = VIPMemberView(alive: member.status == .alive || member.status == .suspect,
                                               checksPassing: healthy, vrrp: observed,
                                               reachable: connected.contains(name) && name != lapsed)
        }
        return view
    }

    private func checksPassing(_ group: VIPGroupConfig) -> Bool {
        group.checks.allSatisfy { health.states[$0] == .passing }
    }

    /// What this node publishes as its health in `group`: its checks pass AND keepalived runs here, so
    /// the coordinator moves the grant off a node whose keepalived died instead of keeping it there.
    private func canHold(_ group: VIPGroupConfig) -> Bool {
        checksPassing(group) && keepalived?.isRunning == true
    }

    private func mode(of node: NodeID, in group: VIPGroupConfig, state: FleetState) -> VIPMemberMode {
        if let text = state.modes[group.name]?[node] { return VIPMemberMode(stateText: text) }
        return group.mode(of: node.name) == .passive ? .passive : .auto
    }

    /// Health, VRRP state and track level per group, in gossip metadata (only when they change).
    private func publish() {
        var values: [String: MetadataValue] = [:]
        for group in myGroups {
            values["vip.\(group.name).healthy"] = .bool(canHold(group))
            values["vip.\(group.name).keepalived"] = .bool(keepalived?.isRunning == true)
            values["vip.\(group.name).vrrp"] = .string((vrrp[group.name] ?? .unknown).rawValue)
            values["vip.\(group.name).level"] = .string(levels[group.name].map { "\($0)" } ?? "unknown")
            if let held = onInterface[group.name] { values["vip.\(group.name).address"] = .bool(held) }
        }
        guard values != published else { return }
        published = values
        gossip.mergeMetadata(values)
    }

    // MARK: Active-only services

    /// Commands that must run only on the node holding the VIP (the seed's web services).
    private func runActiveOnly(_ group: VIPGroupConfig, becameMaster: Bool, wasMaster: Bool) {
        let commands = becameMaster ? group.activeOnlyStart : (wasMaster ? group.activeOnlyStop : [])
        for argv in commands where !argv.isEmpty {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: argv[0])
            process.arguments = Array(argv.dropFirst())
            process.standardInput = FileHandle.nullDevice
            let logger = self.logger
            let phase = becameMaster ? "start" : "stop"
            process.terminationHandler = { finished in
                logger.notice("\(group.name): active-only \(phase) command \(argv.joined(separator: " ")) exited \(finished.terminationStatus)",
                              metadata: ["event": "active_only_\(phase)", "group": "\(group.name)", "status": "\(finished.terminationStatus)"])
            }
            do {
                try process.run()
            } catch {
                logger.error("\(group.name): cannot run \(argv[0]): \(error)", metadata: ["event": "active_only_failed", "group": "\(group.name)"])
            }
        }
    }

    // MARK: Admin

    /// `nodeagent vip`: every group as this node sees it.
    func report() async -> VIPReport {
        (try? await mesh.eventLoop.submit { self.makeReport() }.get()) ?? VIPReport(node: me.name, groups: [])
    }

    /// The report, on the event loop (for the operations driver's VIP moves).
    func reportOnLoop() -> VIPReport { makeReport() }

    /// This node's checks, on the event loop (for an operation's health gate).
    var healthOnLoop: HealthSummary { health }

    private func makeReport() -> VIPReport {
        let state = quorum.appliedState
        let now = quorum.localNow
        let members = gossip.snapshotOnLoop
        return VIPReport(node: me.name, groups: groups.compactMap { group in
            guard let definition = definitions[group.name] else { return nil }
            let view = fleetView(for: group)
            let decision = VIPArbiter.decide(VIPArbiterInput(group: definition, view: view, state: state))
            let grant = state.grants[group.name]
            let leaseLeft = quorum.leaseEnd(group: group.name).map { Double($0.since(now)) / 1e6 }.flatMap { $0 > 0 ? $0 : nil }
            return VIPReport.Group(
                name: group.name, instance: group.instance, vip: group.vip.description, interface: group.interface,
                desiredOwner: decision.owner?.name, reason: decision.description, grantHolder: grant?.node.name, grantTerm: grant?.term,
                pin: state.pins[group.name]?.name, noQuorumPolicy: group.noQuorumPolicy.rawValue,
                leaseRemainingMilliseconds: leaseLeft,
                members: group.members.keys.sorted().map { name in
                    let node = NodeID(name)
                    let memberView = view[node] ?? .unknown
                    let levelText: String?
                    let holdsAddress: Bool?
                    let published = members.first(where: { $0.id.name == name })?.metadata.values ?? [:]
                    if name == me.name {
                        levelText = levels[group.name].map { "\($0)" }
                        holdsAddress = onInterface[group.name]
                    } else {
                        if case let .string(text)? = published["vip.\(group.name).level"] { levelText = text } else { levelText = nil }
                        if case let .bool(held)? = published["vip.\(group.name).address"] { holdsAddress = held } else { holdsAddress = nil }
                    }
                    return VIPReport.Member(
                        name: name, priority: group.members[name] ?? 0, mode: mode(of: node, in: group, state: state).rawValue,
                        alive: memberView.alive, healthy: memberView.checksPassing, vrrp: memberView.vrrp.rawValue,
                        trackLevel: levelText, holdsAddress: holdsAddress)
                })
        })
    }

    /// Checks an operator's group and node before a command goes to the quorum.
    func validate(group: String, node: String?) -> String? {
        guard let config = groups.first(where: { $0.name == group }) else {
            return "no VIP group \"\(group)\"; known: \(groups.map(\.name).joined(separator: ", "))"
        }
        if let node, config.members[node] == nil {
            return "\(node) is not a member of \(group); members: \(config.members.keys.sorted().joined(separator: ", "))"
        }
        return nil
    }
}
