import Events
import Operations

/// The replicated fleet state: what must survive the coordinator's death. Later issues extend it.
///
/// A plain value, so snapshots are just its encoding and the simulator can compare nodes' states. Apply is
/// deterministic: the same entries in the same order give the same state on every node.
///
/// Across versions (`FleetState+Coding`): commands of kinds this version does not know are kept in
/// `skipped`, fields a newer version added are kept in `extensions`; both travel in snapshots, so an
/// older agent passes on what it cannot interpret instead of erasing it.
public struct FleetState: ReplicatedStateMachine {
    /// Mode of each node in each VIP group: `modes[group][node]`.
    public var modes: [String: [NodeID: String]] = [:]
    /// Operator pins: group -> node.
    public var pins: [String: NodeID] = [:]
    /// Current grants: group -> record.
    public var grants: [String: GrantRecord] = [:]
    /// Operation progress: operation id -> step records, in the order they were recorded.
    public var operations: [String: [OperationStepRecord]] = [:]
    /// Fleet operations by id: the rollout and its committed records.
    public var fleetOperations: [String: FleetOperation] = [:]
    /// Operators' changes to event policies, by policy name; the catalogue's defaults apply elsewhere.
    public var eventPolicies: [String: EventPolicySetting] = [:]
    /// The agreed configuration version.
    public var configVersion: UInt64 = 0
    /// Index and term of the last entry applied to this state.
    public var appliedIndex: UInt64 = 0
    public var appliedTerm: UInt64 = 0
    /// Committed entries of command kinds this version does not know, applied as no-ops, in index
    /// order. A later version that knows them applies them when it restores the snapshot.
    public var skipped: [LogEntry] = []
    /// Top-level fields a newer version wrote into a snapshot, kept verbatim.
    public var extensions: [String: PreservedJSON] = [:]

    public init() {}

    public static var noop: FleetCommand { .noop }

    /// Applies one committed entry. Entries must be applied in index order; the state records the last one.
    public mutating func apply(_ entry: LogEntry) {
        appliedIndex = entry.index
        appliedTerm = entry.term
        switch entry.command {
        case .noop:
            break
        case let .setVIPMode(group, node, mode):
            modes[group, default: [:]][node] = mode
        case let .pin(group, node):
            pins[group] = node
        case let .unpin(group):
            pins[group] = nil
        case let .grant(group, node, planned):
            grants[group] = GrantRecord(node: node, term: entry.term, index: entry.index, planned: planned == true ? true : nil)
        case let .revoke(group):
            grants[group] = nil
        case let .recordOperationStep(operation, step, node, status):
            operations[operation, default: []].append(OperationStepRecord(step: step, node: node, status: status))
        case let .setConfigVersion(version):
            configVersion = max(configVersion, version)
        case let .startOperation(id, rollout, admin):
            if fleetOperations[id] == nil {
                fleetOperations[id] = FleetOperation(id: id, rollout: rollout, admin: admin, startIndex: entry.index)
            }
        case let .recordOperation(id, record):
            fleetOperations[id]?.records.append(record)
        case let .forgetOperations(ids):
            for id in ids where fleetOperations[id]?.progress.status.isTerminal == true {
                fleetOperations[id] = nil
            }
        case let .setEventPolicy(name, setting):
            eventPolicies[name] = eventPolicies[name]?.merging(setting) ?? setting
        case .unknown:
            skipped.append(entry)
        }
    }

    /// The groups the state grants to `node`, sorted for deterministic iteration.
    public func groupsGranted(to node: NodeID) -> [String] {
        grants.filter { $0.value.node == node }.map(\.key).sorted()
    }

    /// A VIP group's lease belongs to the node the group is granted to.
    public func leaseHolder(of resource: String) -> NodeID? { grants[resource]?.node }

    public func leasedResources(heldBy node: NodeID) -> [String] { groupsGranted(to: node) }
}
