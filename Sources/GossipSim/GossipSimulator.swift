import Gossip
import SeededRandom

/// A deterministic discrete-event simulation of N gossip cores over a faulty network.
///
/// Everything random (delays, loss, duplication, the cores' own seeds, tick phases, clock origins) comes
/// from one seed, so a failing run is reproduced exactly by constructing the simulator with the same
/// seed and replaying the same faults. Faults: partitions (symmetric or one-way), crashes, restarts
/// (a fresh core with the same name, incarnation 0), stalls (the node processes nothing, then its backlog),
/// graceful leaves.
public final class GossipSimulator {
    enum Event {
        case tick(node: Int, generation: Int)
        case deliver(GossipMessage, from: MemberID, to: Int)
        case sendFailed(node: Int, generation: Int, destination: Destination)
        case resume(node: Int)
    }

    struct Node {
        var id: MemberID
        var core: SWIMNode?
        var generation = 0
        var clockOffset: Duration
        var stalledUntil: Duration?
        var backlog: [Event] = []
        var tickPending = false
    }

    public let settings: GossipSettings
    public var network: SimNetwork
    /// Whether membership events are kept in `events` (turn off for very large fleets).
    public var recordsEvents = true
    /// Called for every membership event, with the time and the reporting node.
    public var eventObserver: ((Duration, Int, MembershipEvent) -> Void)?
    public private(set) var now: Duration = .zero
    public private(set) var events: [SimEventRecord] = []
    public private(set) var messagesSent = 0
    public private(set) var bytesSent = 0
    /// The part of `bytesSent` that was push-pull (full-state) traffic. Bytes count messages to nodes that
    /// are up (a crashed node's connection is refused before any payload).
    public private(set) var pushPullBytes = 0

    private var rng: SplitMix64
    private var nodes: [Node] = []
    private var byAddress: [String: Int] = [:]
    private var queue = EventHeap<Event>()
    private var blocked: Set<Pair> = []
    private let roster: MemberRoster?
    private let seedAddresses: [String]

    struct Pair: Hashable { var from: Int; var to: Int }

    /// Creates `count` nodes named `n0…`. With `preJoined` every node starts knowing all others (as a
    /// shared roster); otherwise each joins through the first `min(3, count)` addresses as seeds.
    public init(count: Int, settings: GossipSettings = GossipSettings(), network: SimNetwork = .lan,
                seed: UInt64, preJoined: Bool = false) {
        self.settings = settings
        self.network = network
        rng = SplitMix64(seed: seed)
        let ids = (0..<max(0, count)).map { MemberID(name: "n\($0)", address: "node\($0).fleet:7946") }
        roster = preJoined ? MemberRoster(ids) : nil
        seedAddresses = ids.prefix(3).map(\.address)
        for (i, id) in ids.enumerated() {
            byAddress[id.address] = i
            let offset = Duration.milliseconds(rng.below(1_000_000))
            nodes.append(Node(id: id, core: nil, clockOffset: offset))
            boot(i)
        }
    }

    public var count: Int { nodes.count }
    public func id(_ i: Int) -> MemberID { nodes[i].id }
    /// The live core of node `i` (nil while crashed).
    public func core(_ i: Int) -> SWIMNode? { nodes[i].core }
    public func isUp(_ i: Int) -> Bool { nodes[i].core != nil }

    /// What node `observer` believes about node `subject` (nil if it does not list it or is down).
    public func status(of subject: Int, seenBy observer: Int) -> MemberStatus? {
        nodes[observer].core?.status(of: nodes[subject].id.name)
    }

    // MARK: - Running

    /// Processes every event up to and including `time`.
    public func run(until time: Duration) {
        while let t = queue.nextTime, t <= time, let (at, event) = queue.pop() {
            now = at
            handle(event)
        }
        now = max(now, time)
    }

    public func run(for duration: Duration) { run(until: now + duration) }

    // MARK: - Faults

    /// Stops node `i` at once. With `network.reportRefused` every live node is told (after a network
    /// delay) that its connection to it broke, as persistent TCP connections to a killed process do.
    public func crash(_ i: Int) {
        if network.reportRefused, nodes[i].core != nil {
            for j in nodes.indices where j != i && nodes[j].core != nil {
                queue.push(.sendFailed(node: j, generation: nodes[j].generation, destination: .member(nodes[i].id)),
                           at: now + randomDelay())
            }
        }
        nodes[i].core = nil
        nodes[i].generation += 1
        nodes[i].stalledUntil = nil
        nodes[i].backlog = []
    }

    /// A fresh core with the same name and address; it starts at incarnation 0 and must refute its death.
    public func restart(_ i: Int) {
        crash(i)
        boot(i)
    }

    /// The node processes nothing for `duration`, then handles its backlog at once (SIGSTOP/SIGCONT).
    public func stall(_ i: Int, for duration: Duration) {
        guard nodes[i].core != nil, nodes[i].stalledUntil == nil else { return }
        nodes[i].stalledUntil = now + duration
        queue.push(.resume(node: i), at: now + duration)
    }

    /// Cuts traffic between the groups; one-way (`a` cannot reach `b`) when not symmetric.
    public func partition(_ a: [Int], _ b: [Int], symmetric: Bool = true) {
        for x in a {
            for y in b {
                blocked.insert(Pair(from: x, to: y))
                if symmetric { blocked.insert(Pair(from: y, to: x)) }
            }
        }
    }

    public func healAll() { blocked.removeAll() }

    public func leave(_ i: Int) {
        guard nodes[i].core != nil else { return }
        let t = localTime(i)
        let effects = nodes[i].core?.onLeave(now: t) ?? []
        perform(effects, from: i)
    }

    public func updateMetadata(_ i: Int, _ metadata: MemberMetadata) {
        guard nodes[i].core != nil else { return }
        let t = localTime(i)
        let effects = nodes[i].core?.updateMetadata(metadata, now: t) ?? []
        perform(effects, from: i)
    }

    // MARK: - Internals

    private func boot(_ i: Int) {
        let id = nodes[i].id
        nodes[i].core = SWIMNode(myself: id, metadata: MemberMetadata(), seeds: seedAddresses,
                                 settings: settings, randomSeed: rng.next(), roster: roster)
        let phase = settings.tickInterval * rng.unit()
        queue.push(.tick(node: i, generation: nodes[i].generation), at: now + phase)
    }

    private func localTime(_ i: Int) -> Duration { now + nodes[i].clockOffset }

    private func handle(_ event: Event) {
        switch event {
        case .tick(let i, let generation):
            guard generation == nodes[i].generation, nodes[i].core != nil else { return }
            if nodes[i].stalledUntil != nil { nodes[i].tickPending = true; return }
            tick(i)
        case .deliver(let message, let from, let to):
            guard nodes[to].core != nil else {
                if network.reportRefused, let sender = byAddress[from.address] {
                    queue.push(.sendFailed(node: sender, generation: nodes[sender].generation,
                                           destination: .member(nodes[to].id)), at: now + network.minDelay)
                }
                return
            }
            if nodes[to].stalledUntil != nil { nodes[to].backlog.append(event); return }
            let t = localTime(to)
            let effects = nodes[to].core?.onMessage(message, from: from, now: t) ?? []
            perform(effects, from: to)
        case .sendFailed(let i, let generation, let destination):
            guard generation == nodes[i].generation, nodes[i].core != nil, nodes[i].stalledUntil == nil else { return }
            let t = localTime(i)
            perform(nodes[i].core?.onSendFailed(to: destination, now: t) ?? [], from: i)
        case .resume(let i):
            resume(i)
        }
    }

    private func tick(_ i: Int) {
        let t = localTime(i)
        let effects = nodes[i].core?.onTick(now: t) ?? []
        perform(effects, from: i)
        queue.push(.tick(node: i, generation: nodes[i].generation), at: now + settings.tickInterval)
    }

    private func resume(_ i: Int) {
        guard nodes[i].stalledUntil != nil else { return }
        nodes[i].stalledUntil = nil
        let backlog = nodes[i].backlog
        nodes[i].backlog = []
        for event in backlog { handle(event) }
        if nodes[i].tickPending {
            nodes[i].tickPending = false
            tick(i)
        }
    }

    private func perform(_ effects: [GossipEffect], from i: Int) {
        for effect in effects {
            switch effect {
            case .event(let e):
                if recordsEvents { events.append(SimEventRecord(time: now, observer: i, event: e)) }
                eventObserver?(now, i, e)
            case .send(let message, let destination):
                transmit(message, from: i, to: destination)
            }
        }
    }

    private func transmit(_ message: GossipMessage, from i: Int, to destination: Destination) {
        messagesSent += 1
        guard let to = byAddress[destination.address], to != i else { return }
        // A crashed node refuses the connection: no payload goes on the wire.
        if nodes[to].core != nil {
            let size = message.estimatedSize
            bytesSent += size
            if case .pushPull = message { pushPullBytes += size }
        }
        if blocked.contains(Pair(from: i, to: to)) { return }
        if network.lossRate > 0, chance() < network.lossRate { return }
        let copies = network.duplicateRate > 0 && chance() < network.duplicateRate ? 2 : 1
        for _ in 0..<copies {
            queue.push(.deliver(message, from: nodes[i].id, to: to), at: now + randomDelay())
        }
    }

    private func chance() -> Double { rng.unit() }

    private func randomDelay() -> Duration {
        let span = network.maxDelay - network.minDelay
        guard span > .zero else { return network.minDelay }
        return network.minDelay + span * chance()
    }
}
