import Foundation
import Logging
import Mesh
import NIOCore
import Operations
import Quorum
import Wire

/// Runs the conductors of the fleet's operations on the coordinator, and only there: every 20 ms it
/// builds a conductor for each operation the fleet state holds that has not ended (from its records,
/// so a new coordinator carries on where the last one stopped), feeds it the records committed since,
/// and performs its directives — records through the quorum, VIP moves as pins and planned grants,
/// attempts and gates over the mesh. Confined to the mesh's event loop.
final class OperationDriver: @unchecked Sendable {
    private let quorum: QuorumDriver
    private let nodes: NodeOperations
    private let mesh: Mesh
    private let logger: Logger
    private let me: String
    private var conductors: [String: OperationConductor] = [:]
    private var seen: [String: Int] = [:]
    private var moves: [VIPMove: (operation: String, deadline: NIODeadline)] = [:]
    private var ticker: Scheduled<Void>?
    private var stopped = false
    private let origin = NIODeadline.now()
    /// The VIP groups as this node sees them (holder's keepalived state), read on the event loop.
    var vipView: (() -> VIPReport?)?
    static let moveLimit: TimeAmount = .seconds(20)
    /// How often committed records are read and conductors advanced while an operation runs here:
    /// each record costs up to one tick, and a step is two records (starting, outcome).
    static let activeTickMilliseconds: Int64 = 5
    /// The same when nothing runs: a new operation is picked up within this, at little idle cost.
    static let idleTickMilliseconds: Int64 = 50

    init(quorum: QuorumDriver, nodes: NodeOperations, mesh: Mesh, logger: Logger, me: String) {
        self.quorum = quorum
        self.nodes = nodes
        self.mesh = mesh
        self.logger = logger
        self.me = me
    }

    func start() {
        mesh.eventLoop.execute { self.schedule() }
    }

    func stop() {
        mesh.eventLoop.execute {
            self.stopped = true
            self.ticker?.cancel()
        }
    }

    private func schedule() {
        guard !stopped else { return }
        let busy = !conductors.isEmpty || !moves.isEmpty
        let delay = busy ? Self.activeTickMilliseconds : Self.idleTickMilliseconds
        ticker = mesh.eventLoop.scheduleTask(in: .milliseconds(delay)) {
            self.tick()
            self.schedule()
        }
    }

    private var now: Duration { .nanoseconds((NIODeadline.now() - origin).nanoseconds) }

    // MARK: The loop

    private func tick() {
        guard quorum.isCoordinator else {
            if !conductors.isEmpty { logger.info("no longer coordinator: operations continue on the next", metadata: ["event": "op_conductor_stopped"]) }
            conductors.removeAll()
            seen.removeAll()
            moves.removeAll()
            return
        }
        let state = quorum.appliedState
        for operation in state.fleetOperations.values.sorted(by: { $0.startIndex < $1.startIndex }) {
            drive(operation)
        }
        checkMoves(state)
        forgetEnded(state)
    }

    private var nextForget: Duration = .seconds(5)
    private var forgetting = false
    private var lastRefusal: String?

    /// Every few seconds, the coordinator drops ended operations beyond the retention
    /// (`OperationRetention`) through the quorum. Refused while a voter lacks the feature: tried again
    /// a minute later, said once.
    private func forgetEnded(_ state: FleetState) {
        guard !forgetting, now >= nextForget else { return }
        nextForget = now + .seconds(5)
        seen = seen.filter { state.fleetOperations[$0.key] != nil }
        let expired = OperationRetention.expired(state.fleetOperations)
        guard !expired.isEmpty else { return }
        forgetting = true
        quorum.proposeInBackground(.forgetOperations(ids: expired)) { result in
            self.forgetting = false
            switch result {
            case .committed:
                self.lastRefusal = nil
                self.logger.info("forgot \(expired.count) ended operation(s) beyond the newest \(OperationRetention.keep)",
                                 metadata: ["event": "op_forgotten", "count": "\(expired.count)", "ops": "\(expired.joined(separator: ","))"])
            case let .rejected(reason):
                self.nextForget = self.now + .seconds(60)
                if reason != self.lastRefusal {
                    self.logger.notice("ended operations kept beyond the retention: \(reason)", metadata: ["event": "op_retention_refused", "reason": "\(reason)"])
                }
                self.lastRefusal = reason
            }
        }
    }

    private func drive(_ operation: FleetOperation) {
        let id = operation.id
        guard var conductor = conductors[id] else {
            // Looked at once per term of office: an ended operation is never folded again.
            guard seen[id] == nil else { return }
            seen[id] = operation.records.count
            guard !operation.progress.status.isTerminal else { return }
            var fresh = OperationConductor(operation: id, rollout: operation.rollout, records: operation.records, now: now)
            logger.info("conducting operation \(id) (\(operation.records.count) records so far)",
                        metadata: ["event": "op_conducting", "op": "\(id)", "admin": "\(operation.admin)"])
            let directives = fresh.start()
            conductors[id] = fresh
            perform(directives, operation: id)
            return
        }
        var directives: [ConductorDirective] = []
        for record in operation.records.dropFirst(seen[id] ?? 0) {
            directives += conductor.onRecorded(record)
            OperationJournal.log(record, operation: operation, logger: logger)
        }
        seen[id] = operation.records.count
        directives += conductor.onTick(now: now)
        conductors[id] = conductor.status.isTerminal ? nil : conductor
        perform(directives, operation: id)
    }

    private func perform(_ directives: [ConductorDirective], operation: String) {
        for directive in directives {
            switch directive {
            case let .record(record):
                quorum.proposeInBackground(.recordOperation(id: operation, record: record)) { _ in }
            case let .moveVIP(move):
                startMove(move, operation: operation)
            case let .runStep(id, step):
                send(.run(id, step), to: id.node)
            case let .queryAttempt(id):
                send(.query(id), to: id.node)
            case let .cancelStep(id):
                send(.cancel(id), to: id.node)
            case let .awaitGate(node, gate):
                send(.gate(operation: operation, gate), to: node)
            }
        }
    }

    // MARK: Talking to nodes

    private func send(_ envelope: OperationEnvelope, to node: String) {
        if node == me {
            nodes.handle(envelope) { answer in self.mesh.eventLoop.execute { self.receive(answer) } }
            return
        }
        guard let frame = try? WireCodec.frame(.operation, envelope) else { return }
        _ = mesh.send(frame, to: node)  // a lost frame is asked again by the conductor
    }

    /// An answer from a node (on the event loop).
    func receive(_ envelope: OperationEnvelope) {
        switch envelope {
        case let .report(id, report):
            guard var conductor = conductors[id.operation] else { return }
            let directives = conductor.onAttemptReport(id, report)
            conductors[id.operation] = conductor
            perform(directives, operation: id.operation)
        case let .gateResult(operation, node, passed, detail):
            guard var conductor = conductors[operation] else { return }
            let directives = conductor.onGate(node: node, passed: passed, detail: detail)
            conductors[operation] = conductor
            perform(directives, operation: operation)
        case .run, .query, .cancel, .gate, .fetch, .fetched:
            break
        }
    }

    // MARK: VIP moves

    /// A handover pins the group to its new holder and grants it as planned (what `vip promote`
    /// does); it is done once the grant is there and the holder's keepalived reports MASTER.
    private func startMove(_ move: VIPMove, operation: String) {
        guard moves[move] == nil else { return }
        moves[move] = (operation, NIODeadline.now() + Self.moveLimit)
        switch move {
        case let .handOver(group, _, to):
            quorum.proposeInBackground(.pin(group: group, node: NodeID(to))) { _ in }
            quorum.proposeInBackground(.grant(group: group, node: NodeID(to), planned: true)) { _ in }
        case let .pin(group, node):
            quorum.proposeInBackground(.pin(group: group, node: NodeID(node))) { _ in }
        case let .unpin(group):
            quorum.proposeInBackground(.unpin(group: group)) { _ in }
        }
        logger.info("operation \(operation): \(move)", metadata: ["event": "op_vip_move", "op": "\(operation)", "group": "\(move.group)"])
    }

    private func checkMoves(_ state: FleetState) {
        let view = vipView?()
        for (move, pending) in moves {
            let done = isDone(move, state: state, view: view)
            guard done || NIODeadline.now() >= pending.deadline else { continue }
            moves[move] = nil
            guard var conductor = conductors[pending.operation] else { continue }
            let detail = done ? "" : "not done within \(Self.moveLimit.nanoseconds / 1_000_000_000) s"
            let directives = conductor.onMoveDone(move, succeeded: done, detail: detail)
            conductors[pending.operation] = conductor
            perform(directives, operation: pending.operation)
        }
    }

    private func isDone(_ move: VIPMove, state: FleetState, view: VIPReport?) -> Bool {
        switch move {
        case let .pin(group, node): return state.pins[group] == NodeID(node)
        case let .unpin(group): return state.pins[group] == nil
        case let .handOver(group, _, to):
            guard state.grants[group]?.node == NodeID(to) else { return false }
            guard let members = view?.groups.first(where: { $0.name == group })?.members else { return true }
            return members.first { $0.name == to }?.vrrp == "master"
        }
    }
}
