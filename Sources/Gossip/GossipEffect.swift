/// What the pure core asks its driver to do: send a message, or report a membership event.
public enum GossipEffect: Sendable, Equatable {
    case send(GossipMessage, to: Destination)
    case event(MembershipEvent)
}
