import Operations
import SeededRandom

/// A seeded world for the conductor: a coordinator that dies between any two directives and comes
/// back with only the committed records, nodes whose agents restart mid-step, lost messages, and VIP
/// moves that take time. Every event is followed by the invariant checks; a violation names the
/// seed's moment. Time is simulated milliseconds.
struct ConductorSimulation {
    struct Faults {
        var loss = 0.1
        var coordinatorDeath = 0.02
        var agentRestart = 0.01
        var stepFailure = 0.05
        var gateFailure = 0.05
        /// On an agent restart, the chance that the running step dies with it (else it outlives the agent).
        var stepDiesWithAgent = 0.5

        /// No loss, no deaths, no restarts, no failures: the world where only the plan happens.
        static let none = Faults(loss: 0, coordinatorDeath: 0, agentRestart: 0, stepFailure: 0, gateFailure: 0)
    }

    struct Violation: Error, CustomStringConvertible { var description: String }

    enum Event {
        case tick
        case commit(OperationRecord)
        case toConductor(Report)
        case toNode(ConductorDirective)
        case stepEnds(AttemptID)
        case moveLands(VIPMove)
        case coordinatorBack
    }

    enum Report {
        case attempt(AttemptID, AttemptReport)
        case move(VIPMove, Bool)
        case gate(String, Bool)
    }

    enum Journal: Equatable { case running(StepOutcome), finished(StepOutcome), lost }

    let rollout: Rollout
    let faults: Faults
    var random: SplitMix64
    var now = 0
    var queue: [(time: Int, order: Int, event: Event)] = []
    var order = 0
    var conductor: OperationConductor?
    var committed: [OperationRecord] = []
    var progress = OperationProgress()
    var journal: [AttemptID: Journal] = [:]
    var runs: [AttemptID: Int] = [:]
    /// How often each VIP move and each node's gate was asked for.
    var moveRequests: [VIPMove: Int] = [:]
    var gateRequests: [String: Int] = [:]
    var runOrder: [String: [AttemptID]] = [:]
    var outOfService: Set<String> = []
    var holder: [String: String] = [:]
    var groups: [String: [String]] = [:]
    var log: [String] = []

    init(rollout: Rollout, topology: FleetTopology, seed: UInt64, faults: Faults = Faults()) {
        self.rollout = rollout
        self.faults = faults
        self.random = SplitMix64(seed: seed)
        for group in topology.groups {
            holder[group.name] = group.holder
            groups[group.name] = group.members
        }
    }

    mutating func chance(_ p: Double) -> Bool { Double(random.next() % 1_000_000) / 1_000_000 < p }
    mutating func delay(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }

    mutating func schedule(_ event: Event, after: Int) {
        order += 1
        queue.append((now + after, order, event))
    }

    /// Runs until the operation ends or halts; throws the first violated invariant.
    mutating func run(limitMilliseconds: Int = 3_600_000) throws -> OperationStatus {
        var fresh = OperationConductor(operation: "op", rollout: rollout, now: .zero, timeouts: Self.timeouts)
        let first = fresh.start()
        conductor = fresh
        perform(first)
        schedule(.tick, after: 100)
        while let next = popNext() {
            now = next.time
            guard now < limitMilliseconds else { throw Violation(description: "the operation never ended: \(status)") }
            try handle(next.event)
            try checkInvariants()
            if conductor != nil, status != .running, status != .paused { return status }
        }
        return status
    }

    static var timeouts: ConductorTimeouts {
        var timeouts = ConductorTimeouts()
        timeouts.record = .seconds(1)
        timeouts.answer = .seconds(1)
        timeouts.move = .seconds(3)
        timeouts.unreachable = .seconds(10)
        timeouts.gateSlack = .seconds(1)
        return timeouts
    }

    var status: OperationStatus { progress.status }

    mutating func popNext() -> (time: Int, order: Int, event: Event)? {
        guard let index = queue.indices.min(by: { (queue[$0].time, queue[$0].order) < (queue[$1].time, queue[$1].order) }) else { return nil }
        return queue.remove(at: index)
    }

    // MARK: Events

    mutating func handle(_ event: Event) throws {
        switch event {
        case .tick:
            if chance(faults.agentRestart) { restartAgent() }
            schedule(.tick, after: 100)
            deliver { $0.onTick(now: .milliseconds($1)) }
        case let .commit(record):
            committed.append(record)
            progress.apply(record)
            deliver { conductor, _ in conductor.onRecorded(record) }
        case let .toConductor(report):
            deliver { conductor, _ in
                switch report {
                case let .attempt(id, answer): conductor.onAttemptReport(id, answer)
                case let .move(move, ok): conductor.onMoveDone(move, succeeded: ok, detail: ok ? "" : "target out of service")
                case let .gate(node, ok): conductor.onGate(node: node, passed: ok, detail: ok ? "" : "check web failing")
                }
            }
        case let .toNode(directive):
            try node(directive)
        case let .stepEnds(id):
            if case let .running(outcome) = journal[id] {
                journal[id] = .finished(outcome)
                if outcome == .succeeded, isOnFailure(id) { outOfService.remove(id.node) }
            }
        case let .moveLands(move):
            land(move)
        case .coordinatorBack:
            var fresh = OperationConductor(operation: "op", rollout: rollout, records: committed, now: .milliseconds(now),
                                           timeouts: Self.timeouts)
            let directives = fresh.start()
            conductor = fresh
            log.append("\(now) coordinator back with \(committed.count) records")
            perform(directives)
        }
    }

    /// Hands an input to the live conductor (if any), performs what it asks, and maybe kills it.
    mutating func deliver(_ input: (inout OperationConductor, Int) -> [ConductorDirective]) {
        guard var live = conductor else { return }
        let directives = input(&live, now)
        conductor = live
        perform(directives)
    }

    mutating func perform(_ directives: [ConductorDirective]) {
        for directive in directives {
            if chance(faults.coordinatorDeath) {
                killCoordinator()
                return
            }
            switch directive {
            case let .record(record): schedule(.commit(record), after: delay(5...30))
            case let .moveVIP(move): startMove(move)
            case let .awaitGate(node, gate): awaitGate(node, gate)
            case .runStep, .queryAttempt, .cancelStep:
                if !chance(faults.loss) { schedule(.toNode(directive), after: delay(1...20)) }
            }
        }
    }

    mutating func killCoordinator() {
        log.append("\(now) coordinator killed")
        conductor = nil
        // Proposals in flight commit or not, as a dying leader's may.
        queue.removeAll { entry in
            switch entry.event {
            case .commit: return random.next() % 2 == 0
            case .toConductor: return true
            default: return false
            }
        }
        schedule(.coordinatorBack, after: delay(300...1_500))
    }

    mutating func restartAgent() {
        let nodes = Set(journal.keys.map(\.node)).sorted()
        guard !nodes.isEmpty else { return }
        let node = nodes[Int(random.next() % UInt64(nodes.count))]
        log.append("\(now) agent on \(node) restarted")
        for (id, entry) in journal where id.node == node {
            if case .running = entry, chance(faults.stepDiesWithAgent) { journal[id] = .lost }
        }
    }

    // MARK: Nodes

    mutating func node(_ directive: ConductorDirective) throws {
        switch directive {
        case let .runStep(id, step):
            guard journal[id] == nil else { return reply(id) }
            guard !journal.contains(where: { $0.key.node == id.node && $0.key.step == id.step && $0.value.isRunning }) else { return }
            runs[id, default: 0] += 1
            runOrder[id.node + "/\(id.step)", default: []].append(id)
            if !isOnFailure(id) { outOfService.insert(id.node) }
            let outcome: StepOutcome = chance(faults.stepFailure) ? .failed(exitCode: 1) : .succeeded
            journal[id] = .running(outcome)
            schedule(.stepEnds(id), after: delay(50...2_000))
            _ = step
            reply(id)
        case let .queryAttempt(id):
            reply(id)
        case let .cancelStep(id):
            if journal[id] == nil || journal[id]?.isRunning == true { journal[id] = .finished(.cancelled) }
            reply(id)
        default:
            break
        }
    }

    mutating func reply(_ id: AttemptID) {
        let answer: AttemptReport
        switch journal[id] {
        case nil: answer = .neverStarted
        case .running: answer = .running
        case let .finished(outcome): answer = .finished(outcome)
        case .lost: answer = .finished(.unknown)
        }
        if !chance(faults.loss) { schedule(.toConductor(.attempt(id, answer)), after: delay(1...20)) }
    }

    func isOnFailure(_ id: AttemptID) -> Bool { id.step >= rollout.plan.steps.count }

    // MARK: VIP and gates

    mutating func startMove(_ move: VIPMove) {
        moveRequests[move, default: 0] += 1
        schedule(.moveLands(move), after: delay(100...900))
    }

    mutating func land(_ move: VIPMove) {
        var ok = true
        if case let .handOver(group, _, to) = move {
            if outOfService.contains(to) { ok = false } else { holder[group] = to }
        }
        if !chance(faults.loss) { schedule(.toConductor(.move(move, ok)), after: delay(1...20)) }
    }

    mutating func awaitGate(_ node: String, _ gate: HealthGate) {
        gateRequests[node, default: 0] += 1
        let passed = !chance(faults.gateFailure)
        if passed { outOfService.remove(node) }
        if !chance(faults.loss) { schedule(.toConductor(.gate(node, passed)), after: delay(200...3_000)) }
    }

    // MARK: Invariants

    func checkInvariants() throws {
        for (id, count) in runs where count > 1 {
            throw Violation(description: "\(now): attempt \(id) ran \(count) times")
        }
        for (key, ids) in runOrder where ids.count > 1 {
            let step = ids[0].step < rollout.plan.steps.count ? rollout.plan.steps[ids[0].step]
                : rollout.plan.onFailure[ids[0].step - rollout.plan.steps.count]
            if step.idempotent { continue }
            for earlier in ids.dropLast() {
                let outcome = progress.outcomes[earlier]
                guard case .failed = outcome, journal[earlier] != .lost else {
                    throw Violation(description: "\(now): \(key) is not idempotent and ran again after \(earlier) ended \(outcome.map { "\($0)" } ?? "unrecorded")")
                }
            }
        }
        for (group, members) in groups where members.allSatisfy(outOfService.contains) {
            throw Violation(description: "\(now): every member of \(group) is out of service")
        }
        for (group, serving) in holder where outOfService.contains(serving) {
            if journal.contains(where: { $0.key.node == serving && !isOnFailure($0.key) }) {
                throw Violation(description: "\(now): \(group)'s VIP is on \(serving), which is being worked on")
            }
        }
    }
}

extension ConductorSimulation.Journal {
    var isRunning: Bool { if case .running = self { true } else { false } }
}
