import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A bound Unix datagram socket: stands in for systemd's notify socket in the tests.
final class UnixDatagramSocket {
    let path: String
    private let descriptor: Int32

    enum Failure: Error, CustomStringConvertible {
        case system(String, Int32)
        case pathTooLong(String)

        var description: String {
            switch self {
            case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
            case .pathTooLong(let path): return "socket path too long: \(path)"
            }
        }
    }

    init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.system("socket", errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            Glibc.close(descriptor)
            throw Failure.pathTooLong(path)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure.system("bind", code)
        }
    }

    /// Every datagram already queued, without blocking: the notifier sends synchronously, so all of
    /// them are there by the time the test reads.
    func drain() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard count >= 0 else { break }
            messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
        return messages
    }

    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }
}
