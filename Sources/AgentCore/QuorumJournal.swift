import Logging
import Quorum

/// What the quorum writes to the journal: the core's events (elections, quorum lost and regained, cut
/// log tails, new lease holders) and the operators' commands as each node applies them.
struct QuorumJournal {
    let logger: Logger
    /// The last lease renewal logged per group: renewals repeat every heartbeat, so only a new holder
    /// or a new term is worth a journal entry.
    private var lastLeaseLogged: [String: (holder: NodeID, term: UInt64)] = [:]

    init(logger: Logger) { self.logger = logger }

    mutating func record(_ event: RaftEvent) {
        if case let .leaseIssued(term, group, holder) = event {
            if let last = lastLeaseLogged[group], last.holder == holder, last.term == term { return }
            lastLeaseLogged[group] = (holder, term)
        }
        let metadata = Self.metadata(of: event)
        switch event {
        case .coordinatorElected, .quorumRegained:
            logger.notice("\(event)", metadata: metadata)
        case .electionStarted, .leaseIssued:
            logger.info("\(event)", metadata: metadata)
        case .coordinatorSteppedDown, .quorumLost, .logTruncated:
            logger.warning("\(event)", metadata: metadata)
        }
    }

    /// Pins, unpins and mode changes are operators' decisions: every node journals them as it applies
    /// them, so the trail is on whichever node an operator reads (grants are logged by the coordinator
    /// that makes them, `vip_handover`). A command of a kind this version does not know is journalled
    /// too, so a mixed fleet shows what an older node skipped.
    func applied(_ entry: LogEntry) {
        let text: String
        var metadata: Logger.Metadata = ["event": "vip_command_applied", "term": "\(entry.term)", "index": "\(entry.index)"]
        switch entry.command {
        case let .pin(group, node):
            text = "\(group) pinned to \(node)"
            metadata["command"] = "pin"
            metadata["group"] = "\(group)"
            metadata["node"] = "\(node)"
        case let .unpin(group):
            text = "\(group) unpinned"
            metadata["command"] = "unpin"
            metadata["group"] = "\(group)"
        case let .setVIPMode(group, node, mode):
            text = "\(group): \(node) set to \(mode)"
            metadata["command"] = "mode"
            metadata["group"] = "\(group)"
            metadata["node"] = "\(node)"
            metadata["mode"] = "\(mode)"
        case let .unknown(command):
            logger.warning("kept fleet-state entry \(entry.index) of unknown kind '\(command.kind)' (written by a newer nodeagent): applied as a no-op",
                           metadata: ["event": "fleet_command_unknown", "kind": "\(command.kind)", "term": "\(entry.term)", "index": "\(entry.index)"])
            return
        default:
            return
        }
        logger.notice("\(text) (fleet state, term \(entry.term), index \(entry.index))", metadata: metadata)
    }

    static func metadata(of event: RaftEvent) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["event": "\(event.name)"]
        for (key, value) in event.fields { metadata[key.lowercased()] = "\(value)" }
        return metadata
    }
}
