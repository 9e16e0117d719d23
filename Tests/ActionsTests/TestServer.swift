import Foundation
import Glibc

/// A loopback TCP server the probe tests start on an ephemeral port of 127.0.0.1. It answers each
/// connection per `behaviour` on a thread of its own, and is closed by `stop()`.
final class TestServer: @unchecked Sendable {
    enum Behaviour {
        /// Reads the request and answers with this status line code.
        case status(Int)
        /// Reads the request and answers with this status and a `Location` header.
        case redirect(Int, location: String)
        /// Accepts and holds the connection without a byte of answer.
        case silent
    }

    let port: Int
    private let fd: Int32
    private let behaviour: Behaviour
    private let lock = NSLock()
    private var held: [Int32] = []
    private var stopped = false

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let (fd, port) = try Self.listen()
        self.fd = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// A port of 127.0.0.1 that nobody listens on: bound, then closed again.
    static func closedPort() throws -> Int {
        let (fd, port) = try listen()
        close(fd)
        return port
    }

    func stop() {
        lock.lock()
        stopped = true
        let toClose = held
        held = []
        lock.unlock()
        shutdown(fd, Int32(SHUT_RDWR))
        toClose.forEach { _ = close($0) }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { break }
            switch behaviour {
            case .silent:
                lock.lock()
                held.append(client)
                lock.unlock()
            case .status(let code):
                answer(client, status: code)
            case .redirect(let code, let location):
                answer(client, status: code, headers: "Location: \(location)\r\n")
            }
        }
        close(fd)
    }

    private func answer(_ client: Int32, status: Int, headers: String = "") {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var request: [UInt8] = []
        while !request.containsTerminator {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            request += buffer.prefix(count)
        }
        let body = "status \(status)\n"
        let response = "HTTP/1.1 \(status) Test\r\n\(headers)Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = Array(response.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(client)
    }

    private static func listen() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else { throw TestServerError.socket(errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

enum TestServerError: Error {
    case socket(Int32)
}

private extension [UInt8] {
    var containsTerminator: Bool {
        count >= 4 && (0...(count - 4)).contains { self[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }
    }
}
