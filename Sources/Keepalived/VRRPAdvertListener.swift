import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives every VRRP advertisement that reaches this host (a raw IPv4 socket for protocol 112, which
/// needs CAP_NET_RAW) on a background thread and hands each parsed one to a handler. It only listens:
/// it never sends and never joins a group (keepalived already has, and the kernel delivers matching
/// datagrams to every raw socket of the protocol).
///
/// `@unchecked Sendable`: the descriptor is immutable after `init`; the flags are guarded by `lock`.
public final class VRRPAdvertListener: @unchecked Sendable {
    private let socketFD: Int32
    private let lock = NSLock()
    private var started = false
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the raw socket; throws when the process may not (no CAP_NET_RAW).
    public init() throws(NotifyFIFOError) {
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), VRRPAdvert.ipProtocol)
        guard fd >= 0 else { throw .system(call: "socket(AF_INET, SOCK_RAW, 112)", path: "-", errno: errno) }
        // Wake up every 200 ms so that stop() never waits for a datagram.
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        socketFD = fd
    }

    deinit {
        if !started { close(socketFD) }
    }

    /// Starts the thread; `handler` runs on it once per advertisement, in arrival order.
    public func start(_ handler: @escaping @Sendable (VRRPAdvert) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !started, !stopped else { return }
        started = true
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 2048)
            while !isStopped {
                let received = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
                guard received > 0 else { continue }
                if let advert = VRRPAdvert.parse(ipv4: Array(buffer[0..<received])) { handler(advert) }
            }
            close(socketFD)
            finished.signal()
        }
        thread.name = "vrrp-adverts"
        thread.start()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Stops the thread and waits for it (at most one receive timeout). Idempotent.
    public func stop() {
        lock.lock()
        let wasStarted = started
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if wasStarted && !wasStopped { finished.wait() }
    }
}
