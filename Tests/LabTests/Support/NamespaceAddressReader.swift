#if os(Linux)
import Glibc

/// Reads, for a list of named network namespaces, whether each has a given IPv4 address on any
/// interface — in microseconds, by entering each namespace with setns(2) on the calling thread and
/// listing addresses with getifaddrs(3). Only the calling thread changes namespace, and it is moved
/// back after every read, so it must be used from one dedicated thread (the sampler's).
final class NamespaceAddressReader: @unchecked Sendable {
    private let namespaceDescriptors: [Int32]
    private let namespaces: [String]
    private let address: in_addr_t
    private var closed = false
    private let enter: SetNamespace

    /// setns(2) as a C function pointer: Glibc's Swift module hides it behind _GNU_SOURCE.
    private typealias SetNamespace = @convention(c) (Int32, Int32) -> Int32
    /// CLONE_NEWNET from <sched.h>: setns must find a network namespace behind the descriptor.
    private static let newNetworkNamespace: Int32 = 0x4000_0000

    /// Opens /run/netns/NAME for each namespace (where `ip netns add` mounts them).
    init(namespaces: [String], vip: String) throws {
        var parsed = in_addr()
        guard inet_pton(AF_INET, vip, &parsed) == 1 else {
            throw LabError.invalidRequest("'\(vip)' is not an IPv4 address")
        }
        address = parsed.s_addr
        guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, "setns") else {
            throw LabError.unavailable("this C library has no setns(2)")
        }
        enter = unsafeBitCast(symbol, to: SetNamespace.self)
        self.namespaces = namespaces
        var descriptors: [Int32] = []
        for namespace in namespaces {
            guard !namespace.contains("/"), !namespace.isEmpty else {
                descriptors.forEach { _ = Glibc.close($0) }
                throw LabError.invalidRequest("bad namespace name '\(namespace)'")
            }
            let fd = open("/run/netns/" + namespace, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                descriptors.forEach { _ = Glibc.close($0) }
                throw LabError.invalidRequest("cannot open namespace \(namespace): errno \(errno)")
            }
            descriptors.append(fd)
        }
        namespaceDescriptors = descriptors
    }

    /// For each namespace in order, whether it holds the address. Throws if the thread cannot enter a
    /// namespace or come back (the reader is then unusable).
    func readHolders() throws -> [Bool] {
        let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard home >= 0 else { throw LabError.invalidRequest("cannot open this thread's namespace: errno \(errno)") }
        defer { _ = Glibc.close(home) }
        var result: [Bool] = []
        result.reserveCapacity(namespaceDescriptors.count)
        for (fd, name) in zip(namespaceDescriptors, namespaces) {
            guard enter(fd, Self.newNetworkNamespace) == 0 else {
                let code = errno
                _ = enter(home, Self.newNetworkNamespace)
                throw LabError.invalidRequest("setns into \(name) failed: errno \(code)")
            }
            result.append(hasAddress())
        }
        guard enter(home, Self.newNetworkNamespace) == 0 else {
            throw LabError.invalidRequest("could not return to the sampler's own namespace: errno \(errno)")
        }
        return result
    }

    /// Closes the namespace descriptors; later reads fail.
    func close() {
        guard !closed else { return }
        closed = true
        namespaceDescriptors.forEach { _ = Glibc.close($0) }
    }

    deinit {
        close()
    }

    private func hasAddress() -> Bool {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return false }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor {
            if let socketAddress = entry.pointee.ifa_addr, Int32(socketAddress.pointee.sa_family) == AF_INET {
                let ipv4 = UnsafeRawPointer(socketAddress).load(as: sockaddr_in.self)
                if ipv4.sin_addr.s_addr == address { return true }
            }
            cursor = entry.pointee.ifa_next
        }
        return false
    }
}
#endif
