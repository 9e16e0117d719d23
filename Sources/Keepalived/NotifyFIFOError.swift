/// Why the notify FIFO could not be set up or read.
public enum NotifyFIFOError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path exists but is not a FIFO; the reader refuses to delete what it did not create.
    case notAFIFO(path: String)
    case system(call: String, path: String, errno: Int32)
    case alreadyStarted

    public var description: String {
        switch self {
        case let .notAFIFO(path): "\(path) exists and is not a FIFO; remove it or choose another notify_fifo path"
        case let .system(call, path, code): "\(call)(\(path)) failed: \(SystemErrorText.describe(code))"
        case .alreadyStarted: "the notify FIFO reader is already started"
        }
    }
}
