#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This host's interface addresses, read with getifaddrs(3): no process to start, cheap enough for the
/// agent to look every half second whether a VIP is on its interface.
public enum LocalAddresses {
    /// Every IPv4 and IPv6 address of every interface.
    public static func read() throws(VIPObserverError) -> [InterfaceAddress] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else {
            throw .launchFailed(command: "getifaddrs", reason: SystemErrorText.describe(errno))
        }
        defer { freeifaddrs(first) }
        var found: [InterfaceAddress] = []
        var cursor = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr, let name = entry.pointee.ifa_name,
                  let address = text(of: socketAddress) else { continue }
            found.append(InterfaceAddress(interface: String(cString: name), family: address.family,
                                          address: address.text, prefixLength: prefixLength(of: entry.pointee.ifa_netmask)))
        }
        return found
    }

    /// Whether `vip` is on `interface` now.
    public static func holds(_ vip: String, interface: String) throws(VIPObserverError) -> Bool {
        try VIPObserver.holds(vip, in: read(), interface: interface)
    }

    /// The text inet_ntop wrote, up to its terminating NUL.
    private static func decode(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The number of one bits in a netmask (0 when there is none).
    private static func prefixLength(of mask: UnsafeMutablePointer<sockaddr>?) -> Int {
        guard let mask else { return 0 }
        switch Int32(mask.pointee.sa_family) {
        case AF_INET:
            let bits = mask.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            return bits.nonzeroBitCount
        case AF_INET6:
            var address = mask.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            return withUnsafeBytes(of: &address) { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
        default:
            return 0
        }
    }

    private static func text(of socketAddress: UnsafeMutablePointer<sockaddr>) -> (family: InterfaceAddress.Family, text: String)? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(socketAddress.pointee.sa_family) {
        case AF_INET:
            var address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return (.inet, decode(buffer))
        case AF_INET6:
            var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return (.inet6, decode(buffer))
        default:
            return nil
        }
    }
}
