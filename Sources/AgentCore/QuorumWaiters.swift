import NIOCore
import Quorum

/// Everyone waiting on the quorum: proposals made here, proposals forwarded here by other nodes (on
/// the coordinator), this node's proposals forwarded to the coordinator, and reads waiting for an
/// index to be applied. Confined to the quorum driver's event loop. Every waiter leaves when it is
/// answered or when its caller gives up, so nothing accumulates over a long run.
struct QuorumWaiters {
    private var local: [ProposalTicket: EventLoopPromise<CommitResult>] = [:]
    private var forwarded: [ProposalTicket: (node: String, id: UInt64, since: Instant)] = [:]
    private var remote: [UInt64: EventLoopPromise<CommitResult>] = [:]
    private var readers: [(index: UInt64, promise: EventLoopPromise<Bool>)] = []
    private var nextRemoteID: UInt64 = 1

    /// Longer than any submitter waits: by then the forwarding node has answered its caller.
    static let forwardedWaitLimit: Int64 = 60_000_000_000

    mutating func addLocal(_ ticket: ProposalTicket, _ promise: EventLoopPromise<CommitResult>) { local[ticket] = promise }

    mutating func addForwarded(_ ticket: ProposalTicket, node: String, id: UInt64, now: Instant) { forwarded[ticket] = (node, id, now) }

    /// A new request id for a proposal forwarded to the coordinator; `addRemote` once it was sent.
    mutating func nextRemote() -> UInt64 {
        defer { nextRemoteID += 1 }
        return nextRemoteID
    }

    mutating func addRemote(_ id: UInt64, _ promise: EventLoopPromise<CommitResult>) { remote[id] = promise }

    /// The coordinator's answer to a forwarded proposal; nil when its caller already gave up.
    mutating func takeRemote(_ id: UInt64) -> EventLoopPromise<CommitResult>? { remote.removeValue(forKey: id) }

    mutating func addReader(_ index: UInt64, _ promise: EventLoopPromise<Bool>) { readers.append((index, promise)) }

    /// Drops a proposal's waiter whose caller gave up.
    mutating func forget(_ promise: EventLoopPromise<CommitResult>) {
        let future = promise.futureResult
        local = local.filter { $0.value.futureResult !== future }
        remote = remote.filter { $0.value.futureResult !== future }
    }

    /// Drops a read's waiter whose caller gave up.
    mutating func forgetReader(_ promise: EventLoopPromise<Bool>) {
        let future = promise.futureResult
        readers.removeAll { $0.promise.futureResult === future }
    }

    /// What an applied entry decides: the caller completes these AFTER the call, because a completed
    /// promise may run code that adds waiters (and a waiter list must not change while it is walked).
    struct Decided {
        var proposals: [(promise: EventLoopPromise<CommitResult>, result: CommitResult)] = []
        var forwarded: [(node: String, id: UInt64, result: CommitResult)] = []
        var readers: [EventLoopPromise<Bool>] = []
    }

    /// Takes out every waiter that `entry` decides.
    mutating func decided(by entry: LogEntry) -> Decided {
        var decided = Decided()
        for (ticket, promise) in local {
            guard let result = Self.outcome(ticket, entry) else { continue }
            local[ticket] = nil
            decided.proposals.append((promise, result))
        }
        for (ticket, origin) in forwarded {
            guard let result = Self.outcome(ticket, entry) else { continue }
            forwarded[ticket] = nil
            decided.forwarded.append((origin.node, origin.id, result))
        }
        decided.readers = readers.filter { $0.index <= entry.index }.map(\.promise)
        readers.removeAll { $0.index <= entry.index }
        return decided
    }

    /// A forwarded proposal whose entry never gets an outcome here (this node lost office and the log
    /// moved on by snapshot) is forgotten after `forwardedWaitLimit`: its submitter has long timed out.
    mutating func dropStaleForwarded(now: Instant) {
        forwarded = forwarded.filter { now.since($0.value.since) < Self.forwardedWaitLimit }
    }

    private static func outcome(_ ticket: ProposalTicket, _ entry: LogEntry) -> CommitResult? {
        switch ticket.outcome(for: entry) {
        case .pending: return nil
        case .committed: return .committed(index: ticket.index, term: ticket.term)
        case .superseded: return .rejected(reason: "superseded: its coordinator lost office before it committed")
        case .unknown: return .rejected(reason: "outcome unknown (arrived by snapshot); check the fleet state")
        }
    }
}
