import Foundation
import Glibc

/// A stand-in for the Docker Engine, NOT the engine: a unix-socket HTTP server in the test that
/// answers `GET /containers/NAME/json` the way the Engine API does (200 with `State.Running`, 404
/// with `{"message": "No such container: NAME"}`), so the docker probe's client is tested where no
/// engine runs (CI). One request per connection, answered with `Connection: close`.
final class EngineStandIn: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let containers: [String: Bool]
    private let lock = NSLock()
    private var requests: [String] = []

    /// - Parameter containers: name → running.
    init(path: String, containers: [String: Bool]) throws {
        self.path = path
        self.containers = containers
        self.fd = try Self.listen(path)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// The request targets received so far, e.g. "/containers/web/json".
    var received: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        unlink(path)
    }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { break }
            answer(client)
        }
        close(fd)
    }

    private func answer(_ client: Int32) {
        defer { close(client) }
        guard let (target, hasHost) = Self.readTarget(client) else { return }
        lock.lock()
        requests.append(target)
        lock.unlock()
        // As the engine's Go HTTP server does: HTTP/1.1 without a Host header is a bad request.
        let (status, body) = hasHost ? respond(to: target) : (400, #"{"message":"missing required Host header"}"#)
        let reason = [200: "OK", 400: "Bad Request"][status] ?? "Not Found"
        let response = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = Array(response.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func respond(to target: String) -> (Int, String) {
        let parts = target.split(separator: "/")
        guard parts.count == 3, parts[0] == "containers", parts[2] == "json",
              let name = String(parts[1]).removingPercentEncoding else {
            return (404, #"{"message":"page not found"}"#)
        }
        guard let running = containers[name] else { return (404, #"{"message":"No such container: \#(name)"}"#) }
        let status = running ? "running" : "exited"
        return (200, #"{"Id":"0123","Name":"/\#(name)","State":{"Status":"\#(status)","Running":\#(running),"Pid":42}}"#)
    }

    /// The request line's target, and whether a Host header came, read up to the end of the headers.
    private static func readTarget(_ client: Int32) -> (String, Bool)? {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            request += buffer.prefix(count)
        }
        let lines = String(decoding: request, as: UTF8.self).split(separator: "\r\n")
        let fields = (lines.first ?? "").split(separator: " ")
        let hasHost = lines.dropFirst().contains { $0.lowercased().hasPrefix("host:") }
        return fields.count == 3 && fields[0] == "GET" ? (String(fields[1]), hasHost) : nil
    }

    private static func listen(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.socket(errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw TestServerError.socket(ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else { throw TestServerError.socket(errno) }
        return fd
    }
}
