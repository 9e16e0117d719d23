/// One line read from the notify FIFO: an event, or the reason it was refused.
public enum NotifyFIFORecord: Hashable, Sendable {
    case event(NotifyEvent)
    case malformed(NotifyFIFOParseError)
}
