import Quorum

/// A hand-driven fleet of `RaftNode`s for scenario tests that need a chosen message order.
///
/// Nothing happens by itself: time moves only on `advance`, a node's timers run only when it is
/// ticked, and a sent message waits in the mailbox until the test delivers or drops it. Each node has
/// its own clock RATE (docs/quorum-timing.md's ρ), so lease arithmetic can be judged against TRUE time. Crashes keep
/// exactly what the persist effects made durable. Every apply and every election is checked against the
/// Raft invariants as it happens; breaches are collected in `violations` rather than trapping.
struct ScenarioFleet {
    struct Envelope {
        var from: NodeID
        var to: NodeID
        var message: RaftMessage
    }

    let members: [NodeID]
    private(set) var configs: [NodeID: RaftConfig] = [:]
    /// Running cores; a crashed node has none.
    private(set) var running: [NodeID: RaftNode] = [:]
    /// What each node made durable, the only thing a restart gets back.
    private(set) var disks: [NodeID: RaftPersistentState] = [:]
    var clockRates: [NodeID: Double] = [:]
    /// True time in nanoseconds.
    private(set) var trueNanos: Int64 = 1_000_000_000
    var mailbox: [Envelope] = []
    /// Links that lose every message, as "a|b" with the names sorted.
    private(set) var cutLinks: Set<String> = []
    private var nextSeed: UInt64 = 1

    /// The entry first applied at each index by any node: a committed entry must never change.
    private(set) var committed: [UInt64: LogEntry] = [:]
    /// Everything each node ever applied, across restarts.
    private(set) var applied: [NodeID: [LogEntry]] = [:]
    private(set) var leaderOfTerm: [UInt64: NodeID] = [:]
    private(set) var events: [(trueNanos: Int64, node: NodeID, event: RaftEvent)] = []
    /// Invariant breaches seen so far, in words.
    private(set) var violations: [String] = []

    init(voters: [NodeID], configure: (inout RaftConfig) -> Void = { _ in }) throws {
        members = voters
        for id in voters {
            var config = RaftConfig(id: id, voters: Set(voters))
            configure(&config)
            configs[id] = config
            disks[id] = RaftPersistentState()
            clockRates[id] = 1.0
        }
        for id in voters { try boot(id) }
    }

    // MARK: - Clocks

    /// The node's local clock reading at the current true time.
    func localNow(_ id: NodeID) -> Instant {
        Instant(nanoseconds: Int64((Double(trueNanos) * (clockRates[id] ?? 1.0)).rounded(.down)))
    }

    mutating func advance(millis: Int64) {
        trueNanos += millis * 1_000_000
    }

    mutating func advance(micros: Int64) {
        trueNanos += micros * 1_000
    }

    // MARK: - Nodes

    func node(_ id: NodeID) -> RaftNode? { running[id] }

    func role(_ id: NodeID) -> RaftRole? { running[id]?.currentRole }

    func term(_ id: NodeID) -> UInt64? { running[id]?.currentTerm }

    var leaders: [NodeID] { members.filter { running[$0]?.currentRole == .leader } }

    /// The nodes that may answer a current read at this TRUE instant, each judged on its own clock.
    var currentReaders: [NodeID] {
        members.filter { running[$0]?.canServeCurrentRead(now: localNow($0)) == true }
    }

    mutating func tick(_ ids: [NodeID]) {
        for id in ids {
            guard var raft = running[id] else { continue }
            let effects = raft.onTick(now: localNow(id))
            running[id] = raft
            perform(effects, of: id)
        }
    }

    mutating func propose(_ command: FleetCommand, on id: NodeID) throws -> ProposalTicket {
        guard var raft = running[id] else { throw RaftError.notLeader(leader: nil) }
        let (ticket, effects) = try raft.propose(command, now: localNow(id))
        running[id] = raft
        perform(effects, of: id)
        return ticket
    }

    mutating func transferLeadership(from id: NodeID, to target: NodeID) throws {
        guard var raft = running[id] else { throw RaftError.notLeader(leader: nil) }
        let effects = try raft.transferLeadership(to: target, now: localNow(id))
        running[id] = raft
        perform(effects, of: id)
    }

    /// Kills the process: in-memory state is gone, messages already sent stay in flight.
    mutating func crash(_ id: NodeID) {
        running[id] = nil
    }

    /// Starts the node again from exactly what it made durable.
    mutating func restart(_ id: NodeID) throws {
        try boot(id)
    }

    /// Replaces a node's durable term, as if it had campaigned in terms nobody else saw, then restarts it.
    mutating func restart(_ id: NodeID, withTerm term: UInt64) throws {
        disks[id]?.hardState = HardState(term: term, votedFor: id)
        try boot(id)
    }

    private mutating func boot(_ id: NodeID) throws {
        guard let config = configs[id], let disk = disks[id] else { return }
        running[id] = try RaftNode(config: config, persisted: disk, now: localNow(id), seed: nextSeed)
        nextSeed += 1
    }

    // MARK: - Network

    mutating func cut(_ a: NodeID, _ b: NodeID) {
        cutLinks.insert(Self.link(a, b))
    }

    mutating func heal() {
        cutLinks.removeAll()
    }

    static func link(_ a: NodeID, _ b: NodeID) -> String {
        [a.name, b.name].sorted().joined(separator: "|")
    }

    /// Removes and returns the waiting messages that match.
    mutating func take(where match: (Envelope) -> Bool) -> [Envelope] {
        let taken = mailbox.filter(match)
        mailbox.removeAll(where: match)
        return taken
    }

    mutating func drop(where match: (Envelope) -> Bool) {
        mailbox.removeAll(where: match)
    }

    /// Hands one message to its addressee now (lost if the addressee is down or the link is cut).
    mutating func deliver(_ envelope: Envelope) {
        guard !cutLinks.contains(Self.link(envelope.from, envelope.to)), var raft = running[envelope.to] else { return }
        let effects = raft.onMessage(envelope.message, from: envelope.from, now: localNow(envelope.to))
        running[envelope.to] = raft
        perform(effects, of: envelope.to)
    }

    /// Delivers the matching messages one at a time in send order, including the answers they provoke,
    /// until none match or `stop` holds. Non-matching messages stay in the mailbox.
    mutating func deliverAll(where match: (Envelope) -> Bool = { _ in true },
                             until stop: (ScenarioFleet) -> Bool = { _ in false }) {
        var budget = 100_000
        while budget > 0, !stop(self), let index = mailbox.firstIndex(where: match) {
            budget -= 1
            deliver(mailbox.remove(at: index))
        }
    }

    /// Delivers only traffic whose both ends are in `group`.
    mutating func deliverAll(among group: Set<NodeID>, until stop: (ScenarioFleet) -> Bool = { _ in false }) {
        deliverAll(where: { group.contains($0.from) && group.contains($0.to) }, until: stop)
    }

    // MARK: - Driving helpers

    /// Ticks `candidate` every 5 ms (nobody else), delivering traffic within `group`, until it is the
    /// coordinator. Stops the instant it wins, so the test decides who hears its first AppendEntries.
    /// Throws if it did not win within `limitMillis`: the scenario's premise failed.
    mutating func elect(_ candidate: NodeID, among group: Set<NodeID>, limitMillis: Int64 = 5_000) throws(ScenarioError) {
        guard tryElect(candidate, among: group, limitMillis: limitMillis) else {
            throw .notElected(candidate, withinMillis: limitMillis)
        }
    }

    /// As `elect`, but reports failure as false: for tests where losing is the expected outcome.
    mutating func tryElect(_ candidate: NodeID, among group: Set<NodeID>, limitMillis: Int64 = 5_000) -> Bool {
        var waited: Int64 = 0
        while waited <= limitMillis {
            tick([candidate])
            deliverAll(among: group) { $0.role(candidate) == .leader }
            if role(candidate) == .leader { return true }
            advance(millis: 5)
            waited += 5
        }
        return false
    }

    /// One heartbeat interval later: ticks `leader` and delivers everything within `group`.
    mutating func heartbeat(_ leader: NodeID, among group: Set<NodeID>) {
        advance(millis: 50)
        tick([leader])
        deliverAll(among: group)
    }

    /// Runs the whole fleet for `millis`: every running node ticks each `stepMicros`, and every message not
    /// on a cut link is delivered at once. `observe` runs after each step (for per-instant checks).
    mutating func run(millis: Int64, stepMicros: Int64 = 5_000, observe: (ScenarioFleet) -> Void = { _ in }) {
        let end = trueNanos + millis * 1_000_000
        while trueNanos < end {
            advance(micros: stepMicros)
            tick(members)
            let links = cutLinks
            drop { links.contains(Self.link($0.from, $0.to)) }
            deliverAll()
            observe(self)
        }
    }

    // MARK: - Effects and invariants

    private mutating func perform(_ effects: [RaftEffect], of id: NodeID) {
        for effect in effects {
            switch effect {
            case .persistHardState, .persistEntries, .persistSnapshot:
                persist(effect, of: id)
            case let .send(to, message):
                mailbox.append(Envelope(from: id, to: to, message: message))
            case let .apply(entry):
                record(applied: entry, by: id)
            case let .restoreSnapshot(snapshot):
                if let known = committed[snapshot.lastIndex], known.term != snapshot.lastTerm {
                    violations.append("\(id) restored a snapshot at \(snapshot.lastIndex) of term \(snapshot.lastTerm), but term \(known.term) was committed there")
                }
            case let .event(event):
                events.append((trueNanos, id, event))
                if case let .coordinatorElected(term, leader) = event {
                    if let earlier = leaderOfTerm[term], earlier != leader {
                        violations.append("two coordinators in term \(term): \(earlier) and \(leader)")
                    }
                    leaderOfTerm[term] = leader
                }
            }
        }
    }

    private mutating func persist(_ effect: RaftEffect, of id: NodeID) {
        guard var disk = disks[id] else { return }
        switch effect {
        case let .persistHardState(hard):
            disk.hardState = hard
        case let .persistEntries(truncateFrom, entries):
            if let from = truncateFrom { disk.entries.removeAll { $0.index >= from } }
            disk.entries.append(contentsOf: entries)
        case let .persistSnapshot(snapshot):
            disk.snapshot = snapshot
            disk.entries.removeAll { $0.index <= snapshot.lastIndex }
        default:
            break
        }
        disks[id] = disk
    }

    private mutating func record(applied entry: LogEntry, by id: NodeID) {
        applied[id, default: []].append(entry)
        if let known = committed[entry.index] {
            if known != entry {
                violations.append("\(id) applied \(entry) at index \(entry.index), but \(known) was applied there before")
            }
        } else {
            committed[entry.index] = entry
        }
    }

    /// True if any node ever applied `entry`.
    func everApplied(_ entry: LogEntry) -> Bool {
        applied.values.contains { $0.contains(entry) }
    }

    /// True time of the first event named `name` on `id` after `after`, if any.
    func firstEvent(_ name: String, on id: NodeID? = nil, after: Int64 = 0) -> Int64? {
        events.first { $0.event.name == name && (id == nil || $0.node == id) && $0.trueNanos > after }?.trueNanos
    }
}
