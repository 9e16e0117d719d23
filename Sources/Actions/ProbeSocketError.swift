/// Why a socket wait ended without data: the probe's budget ran out, or the socket failed.
enum ProbeSocketError: Error, CustomStringConvertible {
    case stopped(String)
    case failed(String)

    var description: String {
        switch self {
        case .stopped(let reason), .failed(let reason): reason
        }
    }
}
