import Foundation

/// What a command needs from the agents that apply it, and how it looks to another version.
extension FleetCommand {
    /// The feature every voter and every node the command concerns must understand before the
    /// coordinator proposes it; nil when nothing is needed (a no-op, which every version applies).
    public var requiredFeature: FleetFeature? {
        switch self {
        case .noop: nil
        case .setVIPMode, .pin, .unpin, .grant, .revoke, .recordOperationStep, .setConfigVersion: .fleetStateV1
        case .startOperation, .recordOperation: .operations
        case .forgetOperations: .operationRetention
        case .setEventPolicy: .eventPolicies
        case let .unknown(command): FleetFeature("command/\(command.kind)")
        }
    }

    /// The nodes the command is about (besides the voters, which apply every command).
    public var concernedNodes: [NodeID] {
        switch self {
        case let .setVIPMode(_, node, _), let .pin(_, node), let .grant(_, node, _), let .recordOperationStep(_, _, node, _):
            [node]
        case let .startOperation(_, rollout, _):
            rollout.batches.flatMap(\.nodes).map { NodeID($0.node) }
        case .noop, .unpin, .revoke, .setConfigVersion, .unknown, .recordOperation, .forgetOperations, .setEventPolicy:
            []
        }
    }

    /// The command as a version that knows only `kinds` decodes it: itself, or `.unknown` with the same
    /// encoding. For simulating older agents and for tests.
    public func downgraded(knowing kinds: Set<String>) -> FleetCommand {
        guard !kinds.contains(kind), case .none = unknownCommand,
              let data = try? JSONEncoder().encode(self),
              let object = try? JSONDecoder().decode([String: PreservedJSON].self, from: data),
              let body = object[kind] else { return self }
        return .unknown(UnknownCommand(kind: kind, body: body))
    }

    /// The command as this version decodes it: an `.unknown` of a kind this version knows becomes that
    /// command (what a decoder here would have produced from the same bytes).
    public func resolved() -> FleetCommand {
        guard let command = unknownCommand, Self.knownKinds.contains(command.kind),
              let data = try? JSONEncoder().encode(self),
              let known = try? JSONDecoder().decode(FleetCommand.self, from: data) else { return self }
        return known
    }

    var unknownCommand: UnknownCommand? {
        if case let .unknown(command) = self { return command }
        return nil
    }
}
