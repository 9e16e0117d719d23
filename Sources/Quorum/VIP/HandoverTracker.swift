/// One node's part in moving one VIP group between members, decided from what it observes: its own
/// keepalived state, the grant, and what the other members publish. Pure (time is passed in), so the
/// races the lab found are replayed here deterministically.
///
/// The rules:
/// 1. **Successor.** Granted here by a PLANNED handover (pin, promote) while another member still
///    reports MASTER and this node does not: raise to just below the owner, so that keepalived's skew time
///    after the owner's priority-0 advert is minimal. It stays raised until this node is MASTER (or
///    `limit`): lowering it once the predecessor faulted would restart keepalived's takeover timer.
/// 2. **Outgoing.** MASTER when the grant moves AWAY from this node: fault once the new holder's
///    keepalived is BACKUP (ready for the priority-0 advert) and raised — or BACKUP, after
///    `successorWait` — and stay faulted until it reports MASTER (or `limit`). A MASTER that
///    took over by VRRP from a holder that let go never steps aside — gossip's view of that holder may
///    still be stale.
/// 3. **Split brain.** MASTER while the holder has also reported MASTER for `dualMasterGrace`: step aside.
/// A holder that reports itself ineligible is not taking over: rules 2 and 3 do not apply.
public struct HandoverTracker: Sendable {
    /// What another member of the group publishes.
    public struct Peer: Sendable, Equatable {
        public var vrrp: ObservedVRRPState
        public var level: TrackLevel?

        public init(vrrp: ObservedVRRPState, level: TrackLevel?) {
            self.vrrp = vrrp
            self.level = level
        }
    }

    /// What this node knows at one instant.
    public struct Observation: Sendable, Equatable {
        public var holder: NodeID?
        /// The grant was recorded as a planned handover.
        public var planned: Bool
        public var ownVRRP: ObservedVRRPState
        /// The other members, by node.
        public var peers: [NodeID: Peer]

        public init(holder: NodeID?, planned: Bool, ownVRRP: ObservedVRRPState, peers: [NodeID: Peer]) {
            self.holder = holder
            self.planned = planned
            self.ownVRRP = ownVRRP
            self.peers = peers
        }
    }

    /// This node's role, and for a successor the member it raises itself below.
    public struct Outcome: Sendable, Equatable {
        public var role: HandoverRole?
        public var predecessor: NodeID?

        public static let none = Outcome(role: nil, predecessor: nil)
    }

    public static let limit: Int64 = 10_000_000_000
    public static let successorWait: Int64 = 400_000_000
    public static let dualMasterGrace: Int64 = 1_000_000_000

    public let me: NodeID
    private var grantWasMine = false
    private var outgoingSince: Instant?
    private var handoverNoticed: Instant?
    private var dualMasterSince: Instant?
    private var predecessor: NodeID?
    private var successorSince: Instant?

    public init(me: NodeID) { self.me = me }

    /// The outcome for `observation` at `now`; call it on every tick.
    public mutating func observe(_ observation: Observation, now: Instant) -> Outcome {
        let wasMine = grantWasMine
        grantWasMine = observation.holder == me
        guard let holder = observation.holder else {
            clearOutgoing()
            clearSuccessor()
            return .none
        }
        if holder == me {
            clearOutgoing()
            return successor(observation, now: now)
        }
        clearSuccessor()
        return outgoing(observation, holder: holder, wasMine: wasMine, now: now)
    }

    private mutating func successor(_ observation: Observation, now: Instant) -> Outcome {
        if observation.ownVRRP == .master || successorSince.map({ now.since($0) > Self.limit }) == true {
            clearSuccessor()
            return .none
        }
        if predecessor == nil {
            guard observation.planned,
                  let current = observation.peers.keys.sorted().first(where: { observation.peers[$0]?.vrrp == .master })
            else { return .none }
            predecessor = current
            successorSince = now
        }
        return Outcome(role: .successor, predecessor: predecessor)
    }

    private mutating func outgoing(_ observation: Observation, holder: NodeID, wasMine: Bool, now: Instant) -> Outcome {
        let holderView = observation.peers[holder]
        guard holderView?.level != .ineligible else {
            clearOutgoing()
            return .none
        }
        if outgoingSince == nil {
            guard observation.ownVRRP == .master else {
                clearOutgoing()
                return .none
            }
            if wasMine, handoverNoticed == nil { handoverNoticed = now }
            guard stepAsideNow(holderView, now: now) else { return .none }
            outgoingSince = now
        }
        guard let since = outgoingSince else { return .none }
        // Done when the holder reports MASTER and this node no longer does: two MASTERs are a split
        // brain, not a finished handover, and this node stays faulted.
        let handedOver = holderView?.vrrp == .master && observation.ownVRRP != .master
        if handedOver || now.since(since) > Self.limit {
            clearOutgoing()
            return .none
        }
        return Outcome(role: .outgoing, predecessor: nil)
    }

    private mutating func stepAsideNow(_ holder: Peer?, now: Instant) -> Bool {
        if holder?.vrrp == .master {
            let since = dualMasterSince ?? now
            dualMasterSince = since
            if now.since(since) >= Self.dualMasterGrace { return true }
        } else {
            dualMasterSince = nil
        }
        guard let noticed = handoverNoticed else { return false }
        // The holder's keepalived must be BACKUP: one still in FAULT (its lease check not yet re-run after
        // an earlier handover, say) misses this node's priority-0 advert and, once BACKUP, waits out the
        // full master-down timer (3 × advert_int + skew) — the lab measured 3.8 s instead of 0.4 s.
        guard holder?.vrrp == .backup else { return false }
        let raised = holder?.level == .successor || holder?.level == .owner
        return raised || now.since(noticed) >= Self.successorWait
    }

    private mutating func clearOutgoing() {
        outgoingSince = nil
        handoverNoticed = nil
        dualMasterSince = nil
    }

    private mutating func clearSuccessor() {
        predecessor = nil
        successorSince = nil
    }
}
