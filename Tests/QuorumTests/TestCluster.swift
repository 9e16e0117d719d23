import Quorum

/// A tiny synchronous harness for scenario tests of `RaftNode`: one shared clock, instant delivery in
/// FIFO order, and a cut list. Time only moves when a test says so.
struct TestCluster {
    var nodes: [NodeID: RaftNode] = [:]
    var order: [NodeID]
    var now = Instant(nanoseconds: 1_000_000_000)
    var inFlight: [(from: NodeID, to: NodeID, message: RaftMessage)] = []
    var cut: Set<NodeID> = []
    /// Cut links, both directions, as "a|b" with the names sorted.
    var cutLinks: Set<String> = []

    mutating func split(_ left: [NodeID], _ right: [NodeID]) {
        for a in left {
            for b in right { cutLinks.insert([a.name, b.name].sorted().joined(separator: "|")) }
        }
    }
    var events: [(NodeID, RaftEvent)] = []
    var eventTimes: [Instant] = []
    var applied: [NodeID: [LogEntry]] = [:]

    init(voters: [NodeID], learners: [NodeID] = [], configure: (inout RaftConfig) -> Void = { _ in }) throws {
        order = voters + learners
        for (offset, id) in order.enumerated() {
            var config = RaftConfig(id: id, voters: Set(voters), learners: Set(learners))
            configure(&config)
            nodes[id] = try RaftNode(config: config, persisted: RaftPersistentState(), now: now, seed: UInt64(offset + 1))
        }
    }

    mutating func handle(_ effects: [RaftEffect], from id: NodeID) {
        for effect in effects {
            switch effect {
            case let .send(to, message):
                inFlight.append((id, to, message))
            case let .event(event):
                events.append((id, event))
                eventTimes.append(now)
            case let .apply(entry):
                applied[id, default: []].append(entry)
            default:
                break
            }
        }
    }

    /// Delivers messages until none are left; messages to or from a cut node are lost.
    mutating func deliver() {
        var budget = 100_000
        while !inFlight.isEmpty, budget > 0 {
            budget -= 1
            let (from, to, message) = inFlight.removeFirst()
            guard !cut.contains(from), !cut.contains(to),
                  !cutLinks.contains([from.name, to.name].sorted().joined(separator: "|")),
                  var node = nodes[to] else { continue }
            let effects = node.onMessage(message, from: from, now: now)
            nodes[to] = node
            handle(effects, from: to)
        }
    }

    /// Advances the clock by `millis` in 5 ms ticks, delivering after each tick.
    mutating func run(millis: Int64) {
        let end = now.adding(nanoseconds: millis * 1_000_000)
        while now < end {
            now = now.adding(nanoseconds: 5_000_000)
            for id in order {
                guard var node = nodes[id] else { continue }
                let effects = node.onTick(now: now)
                nodes[id] = node
                handle(effects, from: id)
            }
            deliver()
        }
    }

    var leaders: [NodeID] { order.filter { nodes[$0]?.currentRole == .leader } }

    mutating func propose(_ command: FleetCommand, on id: NodeID) throws -> ProposalTicket {
        guard var node = nodes[id] else { throw RaftError.unknownVoter(id) }
        let (ticket, effects) = try node.propose(command, now: now)
        nodes[id] = node
        handle(effects, from: id)
        deliver()
        return ticket
    }

    /// The time of the first event of `name` on `id` at or after `after`.
    func firstTime(of name: String, on id: NodeID, after: Instant = .zero) -> Instant? {
        zip(events, eventTimes).first { $0.0.0 == id && $0.0.1.name == name && $0.1 >= after }?.1
    }

    func eventNames(of id: NodeID) -> [String] {
        events.filter { $0.0 == id }.map(\.1.name)
    }
}
