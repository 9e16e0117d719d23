/// Why a track file could not be written or read.
public enum TrackFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// keepalived reads -254...254 from a track file; anything else is a bug in the caller.
    case valueOutOfRange(Int)
    /// A system call failed: which one, on which path, with errno.
    case system(call: String, path: String, errno: Int32)
    /// The file does not hold a single integer.
    case unreadable(path: String, content: String)

    public var description: String {
        switch self {
        case let .valueOutOfRange(value):
            "track value \(value) is outside -254...254"
        case let .system(call, path, code):
            "\(call)(\(path)) failed: \(SystemErrorText.describe(code))"
        case let .unreadable(path, content):
            "\(path) does not hold one integer: \(SystemErrorText.excerpt(content))"
        }
    }
}
