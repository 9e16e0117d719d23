import Consensus

/// Three or more `Raft<RegisterMachine>` nodes on one clock with instant FIFO delivery; a node in
/// `cut` neither sends nor receives. Time moves only when a test says so.
struct RegisterCluster {
    typealias Node = Raft<RegisterMachine>
    var nodes: [NodeID: Node] = [:]
    let order: [NodeID]
    var now = Instant(nanoseconds: 1_000_000_000)
    var inFlight: [(from: NodeID, to: NodeID, message: Node.Message)] = []
    var cut: Set<NodeID> = []
    var applied: [NodeID: [Node.Entry]] = [:]
    var persisted: [NodeID: [Node.Effect]] = [:]

    init(voters: [NodeID], snapshotThreshold: UInt64 = 1000) throws {
        order = voters
        for (offset, id) in voters.enumerated() {
            var config = RaftConfig(id: id, voters: Set(voters))
            config.snapshotThreshold = snapshotThreshold
            nodes[id] = try Node(config: config, persisted: Node.PersistentState(), now: now, seed: UInt64(offset + 7))
        }
    }

    var leaders: [NodeID] { order.filter { nodes[$0]?.currentRole == .leader } }

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

    mutating func propose(_ command: RegisterMachine.Command, on id: NodeID) throws -> ProposalTicket {
        guard var node = nodes[id] else { throw RaftError.unknownVoter(id) }
        let (ticket, effects) = try node.propose(command, now: now)
        nodes[id] = node
        handle(effects, from: id)
        deliver()
        return ticket
    }

    private mutating func handle(_ effects: [Node.Effect], from id: NodeID) {
        for effect in effects {
            switch effect {
            case let .send(to, message): inFlight.append((id, to, message))
            case let .apply(entry): applied[id, default: []].append(entry)
            default: if effect.isPersist { persisted[id, default: []].append(effect) }
            }
        }
    }

    private mutating func deliver() {
        var budget = 100_000
        while !inFlight.isEmpty, budget > 0 {
            budget -= 1
            let (from, to, message) = inFlight.removeFirst()
            guard !cut.contains(from), !cut.contains(to), var node = nodes[to] else { continue }
            let effects = node.onMessage(message, from: from, now: now)
            nodes[to] = node
            handle(effects, from: to)
        }
    }
}
