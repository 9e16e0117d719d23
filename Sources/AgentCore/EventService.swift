import Actions
import Config
import CoreMetrics
import Events
import Foundation
import Logging
import Mesh
import PKI
import Synchronization
import Wire

/// The node's events: once a round it reads the node's facts (and, on a database node, PostgreSQL,
/// Patroni, etcd and HAProxy), hands the readings to the pure `EventMonitor` with the fleet's policy
/// settings, and for every event that fires or clears writes the history on disk, then journald.
/// It answers `nodeagent events` here and, through `events` frames, for the peers that ask.
actor EventService {
    /// How long `--all-nodes` waits for a peer's records.
    static let peerWait: Duration = .seconds(4)
    /// One round of the fleet's own events every second.
    static let interval: Duration = .seconds(1)

    private let me: String
    private let store: EventStore
    private let logger: Logger
    private let mesh: Mesh
    private let database: DatabaseSampler?
    private let databaseInterval: Duration
    private let oom = KernelOOMReader()
    private let certificates: [(subject: String, path: String)]
    private let settings: @Sendable () async -> [String: EventPolicySetting]
    private let nodeFacts: @Sendable () async -> NodeFacts
    private var monitor = EventMonitor()
    private var evaluator = DatabaseEvaluator()
    private var history: EventHistory
    private var linesOnDisk: Int
    private var appliedSettings: [String: EventPolicySetting] = [:]
    private var firedAt: [String: Double] = [:]
    private var lastOOMCount: Int?
    private var certificateCache: (at: Duration, facts: [NodeFacts.Certificate])?
    private var nextDatabaseRound: Duration = .zero
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var loop: Task<Void, Never>?
    private var storeFailed = false

    private nonisolated let waiters = Mutex<[UInt64: CheckedContinuation<[EventRecord]?, Never>]>([:])
    private nonisolated let nextToken = Atomic<UInt64>(1)

    init(me: String, dataDirectory: String, database: DatabaseSampler?, databaseInterval: Duration,
         certificates: [(subject: String, path: String)], mesh: Mesh, logger: Logger,
         settings: @escaping @Sendable () async -> [String: EventPolicySetting],
         nodeFacts: @escaping @Sendable () async -> NodeFacts) {
        self.me = me
        store = EventStore(dataDirectory: dataDirectory)
        (history, linesOnDisk) = store.load()
        self.database = database
        self.databaseInterval = databaseInterval
        self.certificates = certificates
        self.mesh = mesh
        self.logger = logger
        self.settings = settings
        self.nodeFacts = nodeFacts
        origin = clock.now
        for record in history.records {
            let key = Self.key(record.policy, record.subject)
            firedAt[key] = record.kind == .fired ? record.time : nil
        }
    }

    /// Starts the rounds. Events that were active when the agent stopped are cleared as "the agent
    /// restarted" once the first round shows they no longer hold: a restart starts every detector
    /// afresh, and the history must not show them active for ever.
    func start() {
        guard loop == nil else { return }
        loop = Task { [weak self] in
            // A fixed cadence: a round that took long (a source at its timeout) shortens the wait
            // after it instead of stretching the period.
            var next = ContinuousClock.now
            while !Task.isCancelled {
                await self?.round()
                next = max(next + Self.interval, ContinuousClock.now)
                try? await Task.sleep(until: next, clock: .continuous)
            }
        }
    }

    func stop() async {
        loop?.cancel()
        loop = nil
        await database?.stop()
    }

    // MARK: - Rounds

    private var now: Duration { clock.now - origin }

    func round() async {
        let current = await settings()
        if current != appliedSettings {
            appliedSettings = current
            record(monitor.onPolicies(EventCatalogue.effective(current), now: now))
        }
        var facts = settle(await nodeFacts())
        facts.certificates = certificateFacts()
        await readOOM(into: &facts)
        var samples = facts.samples()
        if let database, now >= nextDatabaseRound {
            // Half a round of slack, so a 1 s database interval is read every round, not every other.
            nextDatabaseRound = now + databaseInterval - Self.interval / 2
            samples += evaluator.samples(await database.read())
        }
        record(monitor.onSamples(samples, now: now))
        closeStale()
    }

    /// How long after the agent starts a quorum it never had, or a VIP group never held, is the start
    /// itself rather than a fault: the quorum forms and the first grants are made within seconds.
    static let startGrace: Duration = .seconds(30)
    private var sawQuorum = false
    private var heldGroups: Set<String> = []

    /// Leaves out, during the start, what every start shows for a few seconds: no quorum yet, groups
    /// not yet held. Once the quorum was reached (or a group held), or after `startGrace`, they count.
    private func settle(_ facts: NodeFacts) -> NodeFacts {
        var facts = facts
        if facts.quorumReachable == true { sawQuorum = true }
        if !sawQuorum, now < Self.startGrace { facts.quorumReachable = nil }
        for group in facts.groups where !group.holders.isEmpty { heldGroups.insert(group.name) }
        if now < Self.startGrace { facts.groups = facts.groups.filter { heldGroups.contains($0.name) } }
        return facts
    }

    /// Fired records from a previous run whose detector is not active in this one (the condition ended
    /// while the agent was down, or never recurred): cleared once, after the first rounds.
    private var staleClosed = false
    private func closeStale() {
        guard !staleClosed, now >= .seconds(10) else { return }
        staleClosed = true
        let active = Set(monitor.active.map { Self.key($0.policy, $0.subject) })
        for (key, _) in firedAt.sorted(by: { $0.key < $1.key }) where !active.contains(key) {
            guard let last = history.records.last(where: { Self.key($0.policy, $0.subject) == key }) else { continue }
            write(EventTransition(kind: .cleared, policy: last.policy, subject: last.subject, severity: last.severity,
                                  evidence: "not seen since the agent restarted", at: now))
        }
    }

    private func readOOM(into facts: inout NodeFacts) async {
        guard let count = oom.count() else { return }
        defer { lastOOMCount = count }
        guard let last = lastOOMCount else {
            facts.oomKills = 0
            return
        }
        facts.oomKills = max(0, count - last)
        if count > last { facts.oomEvidence = "\(count - last) process(es) killed by the OOM killer: " + (await oom.latestKill()) }
    }

    /// Certificates are read once a minute: their expiry moves by the day.
    private func certificateFacts() -> [NodeFacts.Certificate] {
        if let cache = certificateCache, now - cache.at < .seconds(60) { return cache.facts }
        var facts: [NodeFacts.Certificate] = []
        for (subject, path) in certificates {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let validity = try? CertificateValidity(pemEncoded: text) else { continue }
            let days = validity.notAfter.timeIntervalSinceNow / 86_400
            let evidence = "\(path) " + (days < 0 ? "expired \(Int(-days)) days ago" : "expires in \(String(format: "%.1f", days)) days")
                + " (\(ISO8601DateFormatter().string(from: validity.notAfter)))"
            facts.append(.init(subject: subject, daysLeft: days, evidence: evidence))
        }
        certificateCache = (now, facts)
        return facts
    }

    private func record(_ transitions: [EventTransition]) {
        for transition in transitions { write(transition) }
    }

    /// Disk first, then journald: what an operator was told is always in the history.
    private func write(_ transition: EventTransition) {
        let time = Date().timeIntervalSince1970
        let key = Self.key(transition.policy, transition.subject)
        var active: Double?
        if transition.kind == .fired {
            firedAt[key] = time
        } else {
            active = firedAt.removeValue(forKey: key).map { time - $0 }
        }
        let record = EventRecord(time: time, node: me, policy: transition.policy, subject: transition.subject,
                                 severity: transition.severity, kind: transition.kind, evidence: transition.evidence,
                                 activeSeconds: active)
        history.append(record)
        persist(record)
        journal(record)
        Counter(label: "nodeagent_events_total", dimensions: [("policy", record.policy), ("severity", record.severity.rawValue),
                                                           ("kind", record.kind.rawValue)]).increment()
    }

    private func persist(_ record: EventRecord) {
        do {
            try store.append(record)
            linesOnDisk += 1
            if linesOnDisk > 2 * store.capacity {
                try store.compact(history)
                linesOnDisk = history.records.count
            }
            storeFailed = false
        } catch {
            if !storeFailed {
                logger.error("event history not saved: \(error)", metadata: ["event": "event_store_failed", "reason": "\(error)"])
            }
            storeFailed = true
        }
    }

    private func journal(_ record: EventRecord) {
        let title = EventCatalogue.policy(record.policy)?.title ?? record.policy
        let about = record.subject.isEmpty ? "" : " (\(record.subject))"
        var metadata: Logger.Metadata = [
            "event": "event_\(record.kind.rawValue)", "policy": "\(record.policy)", "severity": "\(record.severity.rawValue)",
            "evidence": "\(record.evidence)",
        ]
        if !record.subject.isEmpty { metadata["subject"] = "\(record.subject)" }
        if let active = record.activeSeconds { metadata["active_seconds"] = "\(String(format: "%.1f", active))" }
        switch record.kind {
        case .fired:
            let level: Logger.Level = switch record.severity {
            case .fatal: .critical
            case .critical: .error
            case .normal: .warning
            }
            logger.log(level: level, "\(record.severity.rawValue) event: \(title)\(about): \(record.evidence)", metadata: metadata)
        case .cleared:
            logger.notice("event cleared: \(title)\(about): \(record.evidence)", metadata: metadata)
        }
    }

    private static func key(_ policy: String, _ subject: String) -> String { policy + "\u{1F}" + subject }

    // MARK: - Queries

    func records(_ query: EventQuery) -> [EventRecord] { history.select(query) }

    func summary(since: Double?) -> [EventDailyCount] { history.dailyCounts(since: since) }

    /// The active events of this node, for status displays.
    func activeEvents() -> [String] { monitor.active.map { $0.subject.isEmpty ? $0.policy : "\($0.policy)(\($0.subject))" } }

    /// A frame from a peer: a query to answer, or an answer to ours.
    nonisolated func receive(_ frame: Frame, from: String) {
        guard let envelope = try? WireCodec.decode(EventsEnvelope.self, from: frame) else { return }
        switch envelope {
        case let .request(token, query):
            let mesh = self.mesh
            Task {
                let records = await self.records(query)
                guard let reply = try? WireCodec.frame(.events, EventsEnvelope.records(token: token, records)) else { return }
                mesh.eventLoop.execute { _ = mesh.send(reply, to: from) }
            }
        case let .records(token, records):
            waiters.withLock { $0.removeValue(forKey: token) }?.resume(returning: records)
        }
    }

    /// The records of `nodes` (every connected peer and this node when nil), newest last, and the
    /// nodes that did not answer.
    nonisolated func fleet(_ query: EventQuery, nodes: [String]?) async -> (records: [EventRecord], silent: [String]) {
        let peers = await mesh.peerStatuses().map(\.node)
        let wanted = nodes ?? ([me] + peers)
        let answers = await withTaskGroup(of: (String, [EventRecord]?).self) { group in
            for node in Set(wanted) {
                group.addTask {
                    node == self.me ? (node, await self.records(query)) : (node, await self.ask(node, query, connected: peers.contains(node)))
                }
            }
            var answers: [(String, [EventRecord]?)] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        let records = answers.compactMap(\.1).flatMap { $0 }.sorted { ($0.time, $0.node) < ($1.time, $1.node) }
        return (records, answers.filter { $0.1 == nil }.map(\.0).sorted())
    }

    private nonisolated func ask(_ peer: String, _ query: EventQuery, connected: Bool) async -> [EventRecord]? {
        guard connected else { return nil }
        let token = nextToken.add(1, ordering: .relaxed).newValue
        guard let frame = try? WireCodec.frame(.events, EventsEnvelope.request(token: token, query)) else { return nil }
        return await withCheckedContinuation { continuation in
            waiters.withLock { $0[token] = continuation }
            let mesh = self.mesh
            mesh.eventLoop.execute {
                if !mesh.send(frame, to: peer) { self.expire(token) }
            }
            Task {
                try? await Task.sleep(for: Self.peerWait)
                self.expire(token)
            }
        }
    }

    private nonisolated func expire(_ token: UInt64) {
        waiters.withLock { $0.removeValue(forKey: token) }?.resume(returning: nil)
    }
}
