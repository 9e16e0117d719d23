import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// HAProxy's stats socket: `show stat` gives one CSV line per proxy and server, with the server's
/// status (UP, DOWN, MAINT…) in the `status` column. Only the servers' states are kept, as evidence.
enum HAProxyStats {
    static func servers(socket: String, group: any EventLoopGroup, timeout: Duration) async -> String {
        guard let text = await query(socket: socket, command: "show stat\n", timeout: timeout) else {
            return "stats socket \(socket) did not answer"
        }
        return summary(csv: text)
    }

    /// `backend/server STATUS` for every server line of `show stat`'s CSV.
    static func summary(csv: String) -> String {
        let lines = csv.split(separator: "\n").map(String.init)
        guard let header = lines.first, header.hasPrefix("# ") else { return "stats not understood" }
        let columns = header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let proxy = columns.firstIndex(of: "pxname"), let server = columns.firstIndex(of: "svname"),
              let status = columns.firstIndex(of: "status") else { return "stats without pxname/svname/status" }
        var servers: [String] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(proxy, server, status), !["FRONTEND", "BACKEND"].contains(fields[server]) else { continue }
            servers.append("\(fields[proxy])/\(fields[server]) \(fields[status])")
        }
        return servers.isEmpty ? "no servers in the stats" : servers.joined(separator: ", ")
    }

    /// One command on the unix socket, read until HAProxy closes it (it answers one command, then
    /// closes). Blocking reads with a receive timeout, on a dispatch queue, never on the agent's loop.
    private static func query(socket path: String, command: String, timeout: Duration) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: blockingQuery(socket: path, command: command, timeout: timeout))
            }
        }
    }

    private static func blockingQuery(socket path: String, command: String, timeout: Duration) -> String? {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let microseconds = max(1_000, Int(timeout / .microseconds(1)))
        var limit = timeval(tv_sec: microseconds / 1_000_000, tv_usec: microseconds % 1_000_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array(command.utf8)
        guard write(descriptor, request, request.count) == request.count else { return nil }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while answer.count < 1 << 20 {
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { break }
            answer += chunk[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
