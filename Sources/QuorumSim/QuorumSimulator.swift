import Quorum
import SeededRandom

/// A deterministic, seeded simulation of a fleet of Raft cores over a hostile network.
///
/// The scheduler loses, delays (hence reorders) and duplicates messages, cuts the network (also in one
/// direction only), crashes nodes — possibly in the middle of performing their effects, so whatever was
/// not yet persisted is lost — restarts them from their simulated durable storage, and runs every node on
/// its own clock with a skewed RATE. After every step it checks the invariants against TRUE time:
/// one leader per term, committed entries never lost or reordered, every node applies a prefix of the same
/// history, and no two nodes hold a valid lease on one group at the same true instant.
public final class QuorumSimulator {
    public let config: SimulationConfig
    var rng: SplitMix64
    var nodes: [SimNode] = []
    var queue = SimEventQueue()
    var trueNow: Int64 = 0
    var blocked: Set<Int> = []  // from * 64 + to
    var leaderOfTerm: [UInt64: Int] = [:]
    var history: [LogEntry] = []
    var result: SimulationResult
    let voters: Set<NodeID>
    let learners: Set<NodeID>
    /// Called for every event a node emits, with the true time in nanoseconds (used by the benchmark).
    var onEvent: ((Int, RaftEvent, Int64) -> Void)?

    public init(config: SimulationConfig) {
        self.config = config
        self.rng = SplitMix64(seed: config.seed)
        self.result = SimulationResult(seed: config.seed)
        let voterIDs = (0..<config.voterCount).map { NodeID("n\($0)") }
        let learnerIDs = (0..<config.learnerCount).map { NodeID("l\($0)") }
        self.voters = Set(voterIDs)
        self.learners = Set(learnerIDs)
        for id in voterIDs + learnerIDs {
            let rate = 1 + (unitRandom() * 2 - 1) * config.clockSkew
            let offset = Int64(rng.next() % 1_000_000_000_000)
            nodes.append(SimNode(id: id, clockRate: rate, clockOffset: offset))
        }
        let older = Set(nodes.indices.reversed().prefix(min(config.olderNodes, nodes.count)))
        for index in older {
            nodes[index].knownKinds = Set(FleetCommand.knownKinds).subtracting(config.newerKinds)
        }
        for index in nodes.indices { boot(index) }
        queue.push(.tick, at: 0)
        queue.push(.faults, at: 100_000_000)
        if config.proposalIntervalMillis > 0 {
            queue.push(.propose, at: config.proposalIntervalMillis * 1_000_000)
        }
    }

    /// Runs the whole simulation and returns what it found. Stops at the first violation.
    public func run() -> SimulationResult {
        advance(until: config.durationMillis * 1_000_000)
        result.historyDigest = Self.digest(history)
        return result
    }

    /// Processes every event up to true time `end` (nanoseconds), or until a violation.
    func advance(until end: Int64) {
        while let time = queue.nextTime, time <= end, result.violations.isEmpty, let item = queue.pop() {
            trueNow = item.time
            step(item.event)
            result.steps += 1
        }
        if result.violations.isEmpty { trueNow = max(trueNow, end) }
        result.maxTerm = max(result.maxTerm, nodes.compactMap { $0.raft?.currentTerm }.max() ?? 0)
    }

    /// FNV-1a over the committed history, so two runs of one seed can be compared exactly.
    static func digest(_ entries: [LogEntry]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for entry in entries {
            for byte in "\(entry.index)/\(entry.term)/\(entry.command)".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
            }
        }
        return hash
    }

    /// The index of a live node that believes it is the leader of the highest term, if any.
    var leaderIndex: Int? {
        nodes.indices.filter { nodes[$0].raft?.currentRole == .leader }
            .max { (nodes[$0].raft?.currentTerm ?? 0) < (nodes[$1].raft?.currentTerm ?? 0) }
    }

    /// Proposes `command` on node `index` (must be the leader) and performs the effects.
    @discardableResult
    func propose(_ command: FleetCommand, on index: Int) -> Bool {
        let local = nodes[index].localTime(trueNanos: trueNow)
        guard let outcome = try? nodes[index].raft?.propose(command, now: local) else { return false }
        perform(outcome.effects, node: index)
        return true
    }

    // MARK: - Randomness

    func unitRandom() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    func chance(_ probability: Double) -> Bool { unitRandom() < probability }
    func randomInt(_ range: Range<Int64>) -> Int64 {
        range.lowerBound + Int64(rng.next() % UInt64(max(1, range.upperBound - range.lowerBound)))
    }

    var healed: Bool { config.healAfterMillis.map { trueNow >= $0 * 1_000_000 } ?? false }

    // MARK: - Steps

    func step(_ event: SimEvent) {
        switch event {
        case let .deliver(from, to, message, epoch):
            guard nodes[to].epoch == epoch, nodes[to].raft != nil else { return }
            if nodes[to].pausedUntil > trueNow {
                // A paused process reads its socket when it wakes.
                queue.push(.deliver(from: from, to: to, message: message, epoch: epoch), at: nodes[to].pausedUntil)
                return
            }
            let local = nodes[to].localTime(trueNanos: trueNow)
            let sender = nodes[from].id
            let received = translated(message, for: to)
            guard let effects = nodes[to].raft?.onMessage(received, from: sender, now: local) else { return }
            perform(effects, node: to)
        case .tick:
            for index in nodes.indices where nodes[index].raft != nil && nodes[index].pausedUntil <= trueNow {
                let local = nodes[index].localTime(trueNanos: trueNow)
                guard let effects = nodes[index].raft?.onTick(now: local) else { continue }
                perform(effects, node: index)
                if !result.violations.isEmpty { return }
            }
            noteCatchUps()
            queue.push(.tick, at: trueNow + config.tickMillis * 1_000_000)
        case .faults:
            injectFaults()
            queue.push(.faults, at: trueNow + 100_000_000)
        case .propose:
            proposeSomething()
            queue.push(.propose, at: trueNow + config.proposalIntervalMillis * 1_000_000)
        case let .restart(index):
            boot(index)
        }
        checkLeases()
    }

    func boot(_ index: Int) {
        let node = nodes[index]
        let config = self.config.raftConfig(for: node.id, voters: voters, learners: learners)
        let local = node.localTime(trueNanos: trueNow)
        do {
            nodes[index].raft = try RaftNode(config: config, persisted: node.durable, now: local, seed: rng.next())
            nodes[index].lastApplied = node.durable.snapshot?.lastIndex ?? 0
            noteBootAfterDiskLoss(index)
        } catch {
            result.violations.append("boot of \(node.id) failed: \(error)")
        }
    }

    func crash(_ index: Int) {
        guard nodes[index].raft != nil else { return }
        nodes[index].raft = nil
        nodes[index].epoch += 1
        nodes[index].pausedUntil = 0
        // A restarted monotonic clock has a new origin.
        nodes[index].clockOffset = Int64(rng.next() % 1_000_000_000_000)
        result.crashes += 1
        queue.push(.restart(node: index), at: trueNow + randomInt(50_000_000..<800_000_000))
    }

    /// Performs a node's effects in order, checking invariants as they happen. A mid-step crash drops the
    /// rest of the list: later persists are lost and later sends never leave.
    func perform(_ effects: [RaftEffect], node index: Int) {
        for effect in effects {
            if !healed, config.midStepCrashRate > 0, chance(config.midStepCrashRate) {
                crash(index)
                return
            }
            switch effect {
            case .persistHardState, .persistEntries, .persistSnapshot:
                nodes[index].persist(effect)
            case let .send(to, message):
                send(message, from: index, to: to)
            case let .apply(entry):
                checkApplied(entry, node: index)
            case let .restoreSnapshot(snapshot):
                checkSnapshot(snapshot, node: index)
            case let .event(event):
                record(event, node: index)
            }
            if !result.violations.isEmpty { return }
        }
    }

    func send(_ message: RaftMessage, from: Int, to id: NodeID) {
        guard let to = nodes.firstIndex(where: { $0.id == id }) else { return }
        if !healed {
            if blocked.contains(from * 64 + to) || chance(config.lossRate) { return }
        }
        let copies = !healed && chance(config.duplicateRate) ? 2 : 1
        for _ in 0..<copies {
            var delay = randomInt(config.minDelayMicros * 1000..<config.maxDelayMicros * 1000)
            if !healed, config.longDelayRate > 0, chance(config.longDelayRate) {
                delay = randomInt(50_000_000..<400_000_000)
            }
            queue.push(.deliver(from: from, to: to, message: message, epoch: nodes[to].epoch), at: trueNow + delay)
        }
    }

    func record(_ event: RaftEvent, node index: Int) {
        switch event {
        case let .coordinatorElected(term, _):
            result.elections += 1
            if let other = leaderOfTerm[term], other != index {
                result.violations.append("two leaders in term \(term): \(nodes[other].id) and \(nodes[index].id)")
            }
            leaderOfTerm[term] = index
            checkLeaderCompleteness(index)
        case .leaseIssued:
            result.leasesIssued += 1
        default:
            break
        }
        onEvent?(index, event, trueNow)
    }

    // MARK: - Invariants

    func checkApplied(_ entry: LogEntry, node index: Int) {
        let expected = nodes[index].lastApplied + 1
        guard entry.index == expected else {
            result.violations.append("\(nodes[index].id) applied index \(entry.index), expected \(expected)")
            return
        }
        nodes[index].lastApplied = entry.index
        if case .unknown = entry.command { result.unknownCommandsApplied += 1 }
        let entry = Self.canonical(entry)
        if entry.index <= UInt64(history.count) {
            let known = history[Int(entry.index) - 1]
            if known != entry {
                result.violations.append("\(nodes[index].id) applied \(entry.index)@\(entry.term) but the committed entry there is @\(known.term)")
            }
        } else if entry.index == UInt64(history.count) + 1 {
            history.append(entry)
            result.committedEntries = history.count
            if healed { result.progressAfterHeal = true }
        } else {
            result.violations.append("\(nodes[index].id) applied \(entry.index) beyond the known history \(history.count)")
        }
    }

    func checkSnapshot(_ snapshot: RaftSnapshot, node index: Int) {
        result.snapshotsInstalled += 1
        let at = Int(snapshot.lastIndex)
        guard at <= history.count, at >= 1, history[at - 1].term == snapshot.lastTerm,
              snapshot.state.appliedIndex == snapshot.lastIndex else {
            result.violations.append("\(nodes[index].id) restored a snapshot at \(at) that does not match the history")
            return
        }
        if snapshot.lastIndex < nodes[index].lastApplied {
            result.violations.append("\(nodes[index].id) went back from \(nodes[index].lastApplied) to snapshot \(at)")
        }
        nodes[index].lastApplied = snapshot.lastIndex
    }

    /// A new leader must hold every committed entry (else a committed entry could be lost).
    /// Raft promises this for leaders of HIGHER terms than the commit: a candidate whose vote responses
    /// were delayed may still win an older term after a newer leader committed, and holds nothing then —
    /// it cannot commit either, as the majority that elected the newer leader refuses its term.
    func checkLeaderCompleteness(_ index: Int) {
        guard let raft = nodes[index].raft else { return }
        if leaderOfTerm.keys.contains(where: { $0 > raft.currentTerm }) { return }
        let snapshotIndex = raft.snapshot?.lastIndex ?? 0
        if let snapshot = raft.snapshot, snapshotIndex <= UInt64(history.count), snapshotIndex > 0,
           history[Int(snapshotIndex) - 1].term != snapshot.lastTerm {
            result.violations.append("leader \(raft.id) has a snapshot that disagrees with the history")
        }
        if snapshotIndex > UInt64(history.count) { return }
        let entries = raft.logEntries
        for committed in history where committed.index > snapshotIndex {
            let offset = Int(committed.index - snapshotIndex) - 1
            guard offset < entries.count, Self.canonical(entries[offset]) == committed else {
                result.violations.append("leader \(raft.id) of term \(raft.currentTerm) lacks committed entry \(committed.index)@\(committed.term)")
                return
            }
        }
    }

    /// No two live nodes may hold a valid lease on one group at the current TRUE instant.
    func checkLeases() {
        for group in config.groups {
            var holders: [NodeID] = []
            for node in nodes {
                guard let raft = node.raft else { continue }
                if raft.holdsLease(group: group, now: node.localTime(trueNanos: trueNow)) { holders.append(node.id) }
            }
            if holders.count > 1 {
                result.violations.append("group \(group) held by \(holders) at true \(trueNow / 1_000_000)ms")
            }
        }
    }

    // MARK: - Workload and faults

    func proposeSomething() {
        let members = nodes.map(\.id)
        for index in nodes.indices where nodes[index].raft?.currentRole == .leader && nodes[index].pausedUntil <= trueNow {
            let group = config.groups[Int(rng.next() % UInt64(config.groups.count))]
            let node = members[Int(rng.next() % UInt64(members.count))]
            let command: FleetCommand
            switch rng.next() % 6 {
            case 0: command = .grant(group: group, node: node)
            case 1, 2, 3: command = .setVIPMode(group: group, node: node, mode: chance(0.5) ? "active" : "passive")
            case 4: command = .recordOperationStep(operation: "op\(rng.next() % 3)", step: Int(rng.next() % 5), node: node, status: "done")
            default: command = chance(0.2) ? .revoke(group: group) : .setConfigVersion(version: rng.next() % 100)
            }
            if let known = nodes[index].knownKinds, !known.contains(command.kind) { continue }
            let local = nodes[index].localTime(trueNanos: trueNow)
            guard propose(command, on: index) else { continue }
            if chance(0.03), let target = voters.sorted().randomElement(using: &rng), target != nodes[index].id,
               let effects = try? nodes[index].raft?.transferLeadership(to: target, now: local) {
                perform(effects, node: index)
            }
        }
    }

    func injectFaults() {
        guard !healed else {
            blocked.removeAll()
            return
        }
        if config.partitionRate > 0, chance(config.partitionRate) { repartition() }
        if config.pauseRate > 0, chance(config.pauseRate) {
            let index = Int(rng.next() % UInt64(nodes.count))
            nodes[index].pausedUntil = trueNow + randomInt(50_000_000..<700_000_000)
        }
        if config.crashRate > 0, chance(config.crashRate) {
            let index = Int(rng.next() % UInt64(nodes.count))
            crash(index)
        }
        if config.diskLossRate > 0, chance(config.diskLossRate) { injectDiskLoss() }
    }

    func repartition() {
        blocked.removeAll()
        switch rng.next() % 4 {
        case 0:
            return  // heal
        case 1:
            // Asymmetric: one node can send but not receive, or the other way round.
            let victim = Int(rng.next() % UInt64(nodes.count))
            let inbound = chance(0.5)
            for other in nodes.indices where other != victim {
                blocked.insert(inbound ? other * 64 + victim : victim * 64 + other)
            }
        default:
            var side: [Bool] = nodes.indices.map { _ in chance(0.5) }
            if side.allSatisfy({ $0 }) { side[0] = false }
            for a in nodes.indices {
                for b in nodes.indices where side[a] != side[b] { blocked.insert(a * 64 + b) }
            }
        }
    }
}
