import Gossip

/// One membership event as it happened in a simulation: when, and which node reported it.
public struct SimEventRecord: Sendable, Equatable {
    public var time: Duration
    public var observer: Int
    public var event: MembershipEvent
}
