/// Why the addresses of an interface could not be observed.
public enum VIPObserverError: Error, Hashable, Sendable, CustomStringConvertible {
    case outputTooLarge(bytes: Int)
    case malformedJSON(String)
    case badAddress(String)
    case commandFailed(command: String, status: Int32, stderr: String)
    case launchFailed(command: String, reason: String)

    public var description: String {
        switch self {
        case let .outputTooLarge(bytes): "ip output of \(bytes) bytes exceeds the \(VIPObserver.maxOutputBytes)-byte limit"
        case let .malformedJSON(reason): "ip -j output is not the expected JSON: \(reason)"
        case let .badAddress(text): "\(SystemErrorText.excerpt(text)) is not an IPv4 or IPv6 address"
        case let .commandFailed(command, status, stderr):
            "\(command) exited with status \(status): \(SystemErrorText.excerpt(stderr, limit: 200))"
        case let .launchFailed(command, reason): "could not run \(command): \(reason)"
        }
    }
}
