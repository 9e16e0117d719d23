import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Turns the errors of NIO and AsyncHTTPClient into the short sentences an operator reads in a
/// `check_failed` line ("Connection refused", "timed out after 300 ms"), instead of their debug
/// descriptions.
enum ProbeErrorText {
    static func describe(_ error: any Error, budget: ProbeBudget) -> String {
        if Task.isCancelled || error is CancellationError { return "cancelled" }
        if let error = error as? HTTPClientError { return describe(error, budget: budget) }
        if let error = error as? NIOConnectionError { return describe(error, budget: budget) }
        if let error = error as? IOError { return errorText(error.errnoCode) }
        if let error = error as? ChannelError { return describe(error, budget: budget) }
        if let error = error as? NIOSSLError { return "TLS failed: \(error)" }
        if let error = error as? BoringSSLError { return "TLS failed: \(error)" }
        if error is SocketAddressError { return "not a usable address (\(error))" }
        return String(describing: error)
    }

    private static func describe(_ error: HTTPClientError, budget: ProbeBudget) -> String {
        switch error {
        case .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
            return budget.timedOutText
        case .cancelled:
            return "cancelled"
        case .remoteConnectionClosed:
            return "the server closed the connection without an answer"
        case .invalidURL, .emptyHost, .emptyScheme:
            return "not a usable URL (\(error))"
        default:
            return "\(error)"
        }
    }

    /// A connect through name resolution fails with every address tried; the first refusal is the
    /// useful part ("Connection refused"), or the lookup when nothing was tried.
    private static func describe(_ error: NIOConnectionError, budget: ProbeBudget) -> String {
        if let first = error.connectionErrors.first { return describe(first.error, budget: budget) }
        if error.dnsAError != nil || error.dnsAAAAError != nil { return "cannot resolve \(error.host)" }
        return "no address for \(error.host)"
    }

    private static func describe(_ error: ChannelError, budget: ProbeBudget) -> String {
        switch error {
        case .connectTimeout: budget.timedOutText
        case .eof, .alreadyClosed, .ioOnClosedChannel, .outputClosed: "the connection closed"
        default: "\(error)"
        }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
