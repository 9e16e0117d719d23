import CoreMetrics
import Config
import Foundation
import Logging
import Mesh
import NIOCore
import Quorum
import QuorumStorage
import Wire

/// Runs the pure Raft core over the mesh with durable storage: a timer feeds it time, `raft` frames feed
/// it messages, and its effects are performed strictly in order — persists (fsynced, on the disk
/// writer's thread) before the sends that follow them. Confined to the mesh's event loop.
final class QuorumDriver: @unchecked Sendable {
    private var node: RaftNode
    private let writer: QuorumDiskWriter
    /// Effect lists waiting for a disk write, or behind one, in the order the core produced them.
    private var pipeline: [[RaftEffect]] = []
    private var writing = false
    /// Set by `stop()`: nothing more is handed to the core or the disk.
    private var stopped = false
    private let mesh: Mesh
    private let logger: Logger
    private var journal: QuorumJournal
    private let origin = NIODeadline.now()
    private var ticker: RepeatedTask?
    private var ticks = 0
    /// The connected peers last told to the core as possible learners.
    private var knownPeers: Set<String> = []
    private var waiters = QuorumWaiters()
    var onChange: (@Sendable () -> Void)?
    /// The fleet-state features each node advertises in gossip (read on the event loop), for the
    /// coordinator's `FeatureGate`. Unset: every node is taken at `FleetFeature.baseline`.
    var advertisedFeatures: (() -> [NodeID: Set<FleetFeature>])?

    /// Opens the log in `dataDirectory/raft` (cutting a torn tail, which is logged) and builds the core.
    init(config: NodeConfig, mesh: Mesh, logger: Logger) throws(AgentError) {
        let raftConfig = try QuorumDriver.raftConfig(from: config)
        let opened: RaftStorage<FleetState>.Opened
        do {
            opened = try RaftStorage<FleetState>.open(directory: config.storage.dataDirectory + "/raft")
        } catch {
            throw .storage("cannot open the quorum log: \(error)")
        }
        if let recovery = opened.recovery {
            let event = recovery.event(term: opened.persisted.hardState.term)
            logger.warning("quorum log tail cut on start: \(recovery)", metadata: QuorumJournal.metadata(of: event))
        }
        do {
            node = try RaftNode(config: raftConfig, persisted: opened.persisted, now: .zero, seed: UInt64.random(in: .min ... .max))
        } catch {
            throw .config("quorum: \(error)")
        }
        writer = QuorumDiskWriter(storage: opened.storage)
        self.mesh = mesh
        self.logger = logger
        journal = QuorumJournal(logger: logger)
    }

    /// The Raft configuration from `[quorum]`, over the module's defaults.
    static func raftConfig(from config: NodeConfig) throws(AgentError) -> RaftConfig {
        let tuning = config.quorum
        let voters = Set(tuning.voters.map { NodeID($0) })
        let me = NodeID(config.node.name)
        var raft = RaftConfig(id: me, voters: voters, learners: voters.contains(me) ? [] : [me])
        if let value = tuning.heartbeatMs { raft.heartbeatInterval = .milliseconds(value) }
        if let value = tuning.electionTimeoutMinMs { raft.electionTimeoutMin = .milliseconds(value) }
        if let value = tuning.electionTimeoutMaxMs { raft.electionTimeoutMax = .milliseconds(value) }
        raft.leaseDuration = tuning.leaseMs.map { .milliseconds($0) } ?? RaftConfig.agentLeaseDuration
        if let value = tuning.clockDriftMarginMs { raft.driftMargin = .milliseconds(value) }
        do {
            try raft.validate()
        } catch {
            throw .config("quorum: \(error)")
        }
        return raft
    }

    func start() {
        mesh.eventLoop.execute {
            self.ticker = self.mesh.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(20), delay: .milliseconds(20)) { _ in
                self.ticks &+= 1
                if self.ticks % 5 == 1 { self.refreshLearners() }
                if self.ticks % 500 == 0 { self.waiters.dropStaleForwarded(now: self.now) }
                self.perform(self.node.onTick(now: self.now))
            }
        }
    }

    /// Every connected node that does not vote is a learner: the coordinator must reach the non-voting
    /// members (the app and int nodes when only the db nodes vote) to give them the fleet state, their
    /// quorum contact and their leases. Checked every 100 ms; the core ignores an unchanged set.
    private func refreshLearners() {
        let peers = Set(mesh.connectedNodes)
        guard peers != knownPeers else { return }
        knownPeers = peers
        perform(node.onLearnersChanged(Set(peers.map { NodeID($0) }), now: now))
    }

    /// Stops the clock and the disk writer. Frames that still arrive until the mesh closes are
    /// dropped: with the writer gone their persists could not be made durable, and a failed write
    /// must not turn an orderly stop into the storage-failure exit.
    func stop() async {
        try? await mesh.eventLoop.submit {
            self.stopped = true
            self.ticker?.cancel()
        }.get()
        await writer.shutdown()
    }

    // MARK: Inbound

    /// A `raft` frame from an established peer.
    func receive(_ frame: Frame, from name: String) {
        mesh.eventLoop.preconditionInEventLoop()
        guard !stopped else { return }
        let envelope: QuorumEnvelope
        do {
            envelope = try WireCodec.decode(QuorumEnvelope.self, from: frame)
        } catch {
            logger.warning("dropped a malformed quorum message from \(name): \(error)",
                           metadata: ["event": "quorum_malformed", "peer": "\(name)", "reason": "\(error)"])
            return
        }
        switch envelope {
        case let .raft(message):
            perform(node.onMessage(message, from: NodeID(name), now: now))
        case let .propose(id, command):
            proposeForwarded(command, id: id, from: name)
        case let .proposeResult(id, result):
            waiters.takeRemote(id)?.succeed(result)
        }
    }

    // MARK: Proposals

    /// Submits a command from any node: proposed here when this node is the coordinator, else forwarded
    /// to it. Answers when the command is committed (or why it was not) within `timeout`.
    func submit(_ command: FleetCommand, timeout: Duration = .seconds(5)) async -> CommitResult {
        let future: EventLoopFuture<CommitResult> = mesh.eventLoop.flatSubmit {
            let promise = self.mesh.eventLoop.makePromise(of: CommitResult.self)
            self.route(command, promise: promise)
            let timer = self.mesh.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                self.waiters.forget(promise)
                promise.succeed(.rejected(reason: "no answer within \(timeout)"))
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
            return promise.futureResult
        }
        return (try? await future.get()) ?? .rejected(reason: "agent stopping")
    }

    /// Why the coordinator must not propose `command` now, or nil: the feature gate over what the
    /// fleet advertises, and — for a command of a kind this version does not know, forwarded by a newer
    /// node — this version itself.
    private func refusal(for command: FleetCommand) -> String? {
        if case let .unknown(unknown) = command {
            return "the coordinator runs nodeagent \(AgentVersion.current), which does not know the command kind '\(unknown.kind)'"
        }
        return featureGate().refusal(for: command).map { "\($0)" }
    }

    private func featureGate() -> FeatureGate {
        FeatureGate(advertised: advertisedFeatures?() ?? [:], voters: node.config.voters)
    }

    private func route(_ command: FleetCommand, promise: EventLoopPromise<CommitResult>) {
        // How long a change takes to be committed, as its proposer waits for it (forwarding included).
        let started = NIODeadline.now()
        promise.futureResult.whenSuccess { result in
            guard case .committed = result else { return }
            Timer(label: "nodeagent_commit_seconds").recordNanoseconds((NIODeadline.now() - started).nanoseconds)
        }
        if node.currentRole == .leader {
            if let reason = refusal(for: command) {
                promise.succeed(.rejected(reason: reason))
                return
            }
            do {
                let (ticket, effects) = try node.propose(command, now: now)
                waiters.addLocal(ticket, promise)
                perform(effects)
            } catch {
                promise.succeed(.rejected(reason: "\(error)"))
            }
            return
        }
        guard let leader = node.currentLeader else {
            promise.succeed(.rejected(reason: "no coordinator known (quorum lost or election in progress)"))
            return
        }
        let id = waiters.nextRemote()
        guard let frame = try? WireCodec.frame(.raft, QuorumEnvelope.propose(id: id, command: command)),
              mesh.send(frame, to: leader.name) else {
            promise.succeed(.rejected(reason: "coordinator \(leader) not reachable from this node"))
            return
        }
        waiters.addRemote(id, promise)
    }

    private func proposeForwarded(_ command: FleetCommand, id: UInt64, from name: String) {
        if node.currentRole == .leader, let reason = refusal(for: command) {
            answer(name, id: id, .rejected(reason: reason))
            return
        }
        do {
            let (ticket, effects) = try node.propose(command, now: now)
            waiters.addForwarded(ticket, node: name, id: id, now: now)
            perform(effects)
        } catch {
            answer(name, id: id, .rejected(reason: "\(error)"))
        }
    }

    private func answer(_ name: String, id: UInt64, _ result: CommitResult) {
        guard let frame = try? WireCodec.frame(.raft, QuorumEnvelope.proposeResult(id: id, result: result)) else { return }
        mesh.send(frame, to: name)
    }

    // MARK: Effects

    /// Performs the core's effects under its contract: a send leaves only after every persist before
    /// it is durable. Lists without persists run at once when nothing waits for the disk; the others
    /// join `pipeline`, whose lists are written together on the writer's thread (one fsync for many) and
    /// then performed in order here.
    private func perform(_ effects: [RaftEffect]) {
        guard !stopped else { return }
        if pipeline.isEmpty, !writing, !effects.contains(where: \.isPersist) {
            performNow(effects)
            return
        }
        pipeline.append(effects)
        writeNext()
    }

    private func writeNext() {
        guard !writing, !pipeline.isEmpty else { return }
        let effects = pipeline.flatMap { $0 }
        pipeline = []
        writing = true
        writer.write(effects, on: mesh.eventLoop).whenComplete { result in
            if case let .failure(error) = result {
                if self.stopped { return }
                // A write the core relies on failed: continuing could break promises already made
                // (votes, acknowledgements), so the agent stops and systemd restarts it on a clean read.
                self.logger.critical("cannot write the quorum log: \(error); stopping", metadata: ["event": "storage_failed", "reason": "\(error)"])
                exit(74)
            }
            self.performNow(effects.filter { !$0.isPersist })
            self.writing = false
            self.writeNext()
        }
    }

    private func performNow(_ effects: [RaftEffect]) {
        var changed = false
        for effect in effects {
            switch effect {
            case .persistHardState, .persistEntries, .persistSnapshot:
                preconditionFailure("persist effects go through the disk writer")
            case let .send(to, message):
                if let frame = try? WireCodec.frame(.raft, QuorumEnvelope.raft(message)) { mesh.send(frame, to: to.name) }
            case let .apply(entry):
                journal.applied(entry)
                let decided = waiters.decided(by: entry)
                for answer in decided.forwarded { self.answer(answer.node, id: answer.id, answer.result) }
                for proposal in decided.proposals { proposal.promise.succeed(proposal.result) }
                for reader in decided.readers { reader.succeed(true) }
                changed = true
            case .restoreSnapshot:
                changed = true
            case let .event(event):
                journal.record(event)
                changed = true
            }
        }
        if changed { onChange?() }
    }

    private var now: Instant {
        Instant(nanoseconds: (NIODeadline.now() - origin).nanoseconds)
    }

    /// Waits until this node has applied `index` (for current reads).
    func waitApplied(_ index: UInt64, timeout: Duration) async -> Bool {
        let future: EventLoopFuture<Bool> = mesh.eventLoop.flatSubmit {
            let promise = self.mesh.eventLoop.makePromise(of: Bool.self)
            if self.node.fleetState.appliedIndex >= index {
                promise.succeed(true)
            } else {
                self.waiters.addReader(index, promise)
                self.mesh.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    self.waiters.forgetReader(promise)
                    promise.succeed(false)
                }
            }
            return promise.futureResult
        }
        return (try? await future.get()) ?? false
    }

    // MARK: What the VIP controller asks (on the event loop)

    var isCoordinator: Bool { node.currentRole == .leader }
    var appliedState: FleetState { node.fleetState }
    var localNow: Instant { now }
    var term: UInt64 { node.currentTerm }
    var leaseDuration: Duration { node.config.leaseDuration }

    func leaseEnd(group: String) -> Instant? { node.leaseEnd(group: group) }

    /// On the coordinator: the named holder of `group` let its lease run out (see `RaftNode.holderLeaseLapsed`).
    func holderLeaseLapsed(group: String) -> Bool { node.holderLeaseLapsed(group: group, now: now) }

    /// Whether this node is in touch with a quorum: the coordinator holding its leader lease, or a
    /// follower that heard from the coordinator within the minimum election timeout.
    func quorumReachable() -> Bool {
        if isCoordinator { return node.canServeCurrentRead(now: now) }
        guard let contact = node.status(now: now).lastLeaderContact else { return false }
        return now.since(contact) < node.config.electionTimeoutMin.nanosecondsValue
    }

    /// Whether the coordinator has been silent for three heartbeats: leases cannot be renewed now (a
    /// failover or a cut is under way). Never true on the coordinator itself.
    func coordinatorQuiet() -> Bool {
        if isCoordinator { return false }
        guard let contact = node.status(now: now).lastLeaderContact else { return true }
        return now.since(contact) > 3 * node.config.heartbeatInterval.nanosecondsValue
    }

    /// A standby may stand by while it hears the coordinator: its standby lease runs a lease length
    /// from the last contact (on the coordinator itself, from now while it has a quorum).
    func standbyLeaseEnd() -> Instant? {
        if isCoordinator { return quorumReachable() ? now.adding(nanoseconds: leaseDuration.nanosecondsValue) : nil }
        return node.status(now: now).lastLeaderContact?.adding(nanoseconds: leaseDuration.nanosecondsValue)
    }

    /// Proposes from the coordinator without waiting; the result is only logged.
    func proposeInBackground(_ command: FleetCommand, completion: @escaping @Sendable (CommitResult) -> Void) {
        let promise = mesh.eventLoop.makePromise(of: CommitResult.self)
        route(command, promise: promise)
        promise.futureResult.whenSuccess(completion)
    }

    // MARK: Queries

    /// `nodeagent coordinator`: the quorum as this node sees it.
    func report() async -> CoordinatorReport {
        (try? await mesh.eventLoop.submit { CoordinatorReport(node: self.node, now: self.now, gate: self.featureGate()) }.get())
            ?? CoordinatorReport.unavailable
    }

    /// The replicated fleet state as this node has applied it.
    func fleetState() async -> FleetState {
        (try? await mesh.eventLoop.submit { self.node.fleetState }.get()) ?? FleetState()
    }
}

extension Duration {
    /// Whole nanoseconds, for the quorum core's `Instant` arithmetic.
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
