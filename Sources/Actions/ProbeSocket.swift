import Foundation
import Glibc

/// A non-blocking TCP client socket whose every wait is bounded by a `ProbeDeadline`. Just enough
/// for a connect probe and a minimal HTTP/1.1 GET, without a networking dependency.
final class ProbeSocket {
    private(set) var fd: Int32 = -1

    deinit { close() }

    func close() {
        if fd >= 0 { _ = closeFD(fd) }
        fd = -1
    }

    /// Connects to the first address of `host` that accepts within the deadline. Returns nil on
    /// success, else why it failed.
    func connect(host: String, port: Int, deadline: ProbeDeadline) -> String? {
        guard (1...65535).contains(port) else { return "port \(port) is out of range" }
        let addresses: [Data]
        switch Self.resolve(host: host, port: port) {
        case .success(let found): addresses = found
        case .failure(let error): return error.description
        }
        var lastError = "no address for \(host)"
        for address in addresses {
            if deadline.mustStop { return deadline.stopReason }
            guard let error = attempt(address, deadline: deadline) else { return nil }
            lastError = error
            close()
        }
        return lastError
    }

    /// Writes all of `bytes` within the deadline.
    func send(_ bytes: [UInt8], deadline: ProbeDeadline) -> String? {
        var offset = 0
        while offset < bytes.count {
            if deadline.mustStop { return deadline.stopReason }
            guard wait(for: Int16(POLLOUT), deadline: deadline) else { continue }
            let sent = bytes[offset...].withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return "send failed: \(Self.errorText(errno))"
            }
            offset += sent
        }
        return nil
    }

    /// Reads what is available (at most `limit` bytes), waiting within the deadline. Returns an
    /// empty array at end of stream.
    func receive(limit: Int, deadline: ProbeDeadline) -> Result<[UInt8], ProbeSocketError> {
        while true {
            if deadline.mustStop { return .failure(.stopped(deadline.stopReason)) }
            guard wait(for: Int16(POLLIN), deadline: deadline) else { continue }
            var buffer = [UInt8](repeating: 0, count: max(1, limit))
            let count = buffer.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress, raw.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .failure(.failed("receive failed: \(Self.errorText(errno))"))
            }
            return .success(Array(buffer.prefix(count)))
        }
    }

    private func attempt(_ address: Data, deadline: ProbeDeadline) -> String? {
        let family = address.withUnsafeBytes { $0.load(as: sockaddr.self).sa_family }
        fd = socket(Int32(family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                        | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return "socket failed: \(Self.errorText(errno))" }
        let result = address.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result == 0 { return nil }
        guard errno == EINPROGRESS || errno == EINTR else { return "connect failed: \(Self.errorText(errno))" }
        while !wait(for: Int16(POLLOUT), deadline: deadline) {
            if deadline.mustStop { return deadline.stopReason }
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else {
            return "connect failed: \(Self.errorText(errno))"
        }
        return error == 0 ? nil : "connect failed: \(Self.errorText(error))"
    }

    /// Polls for one slice; true when the socket is ready (or in error, which the next call reports).
    private func wait(for events: Int16, deadline: ProbeDeadline) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let ready = poll(&entry, 1, deadline.pollMilliseconds)
        return ready > 0
    }

    /// The socket addresses of `host`, numeric addresses first-class. A name is looked up with
    /// `getaddrinfo`, which can block on DNS: checks should name local addresses.
    static func resolve(host: String, port: Int) -> Result<[Data], ProbeSocketError> {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard !bare.isEmpty, !bare.contains("\0") else { return .failure(.failed("empty host name")) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(bare, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.failed("cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(first) }
        var found: [Data] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            if let address = entry.pointee.ai_addr {
                found.append(Data(bytes: address, count: Int(entry.pointee.ai_addrlen)))
            }
            node = entry.pointee.ai_next
        }
        return found.isEmpty ? .failure(.failed("no address for \(host)")) : .success(found)
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

private func closeFD(_ fd: Int32) -> Int32 {
    Glibc.close(fd)
}
