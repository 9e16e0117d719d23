/// One line read from the notify FIFO: an event, or the reason it was refused; or news that the FIFO
/// itself was replaced.
public enum NotifyFIFORecord: Hashable, Sendable {
    case event(NotifyEvent)
    case malformed(NotifyFIFOParseError)
    /// The path named another FIFO (or none) and the reader now reads the one there: keepalived removes
    /// a FIFO it created when it exits and makes a new one when it starts again.
    case reopened
}
