import Consensus

/// A state machine that is not the fleet's: named registers and one leased resource per register.
/// Driving Raft with it proves consensus needs nothing of `FleetState`, so new fleet data arrives
/// without touching Raft.
struct RegisterMachine: ReplicatedStateMachine {
    enum Command: Hashable, Codable, Sendable {
        case nothing
        case set(name: String, value: Int)
        case claim(resource: String, node: NodeID)
    }

    var registers: [String: Int] = [:]
    var claims: [String: NodeID] = [:]
    var appliedIndex: UInt64 = 0
    var appliedTerm: UInt64 = 0

    static var noop: Command { .nothing }

    mutating func apply(_ entry: Raft<RegisterMachine>.Entry) {
        appliedIndex = entry.index
        appliedTerm = entry.term
        switch entry.command {
        case .nothing: break
        case let .set(name, value): registers[name] = value
        case let .claim(resource, node): claims[resource] = node
        }
    }

    func leaseHolder(of resource: String) -> NodeID? { claims[resource] }

    func leasedResources(heldBy node: NodeID) -> [String] {
        claims.filter { $0.value == node }.map(\.key).sorted()
    }
}
