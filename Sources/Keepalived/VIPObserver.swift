import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the VIP is on this node's interface: the ground truth behind invariant 5 ("at most one node of a
/// group has the VIP on its interface"), read from `ip -j addr show dev IF` rather than trusted from
/// keepalived's own reports.
public enum VIPObserver {
    /// `ip -j addr` of one interface is a few kilobytes; refuse to parse anything absurdly large.
    public static let maxOutputBytes = 4 << 20

    /// Parses `ip -j addr [show dev IF]` output. Entries without an interface name or with unknown
    /// families are skipped; a document that is not a JSON array of objects is an error.
    public static func parse(ipJSON data: [UInt8]) throws(VIPObserverError) -> [InterfaceAddress] {
        guard data.count <= maxOutputBytes else { throw .outputTooLarge(bytes: data.count) }
        let links: [IPLink]
        do {
            links = try JSONDecoder().decode([IPLink].self, from: Data(data))
        } catch {
            throw .malformedJSON(String(describing: error).prefix(200).description)
        }
        return links.flatMap { link -> [InterfaceAddress] in
            guard let name = link.ifname else { return [] }
            return (link.addresses ?? []).compactMap { info in
                guard let family = info.family.flatMap(InterfaceAddress.Family.init(rawValue:)),
                      let local = info.local, let prefix = info.prefixlen else { return nil }
                return InterfaceAddress(interface: name, family: family, address: local, prefixLength: prefix)
            }
        }
    }

    /// Whether `vip` (an address, optionally with `/prefix`) is among `addresses`, on `interface` if given.
    /// Compares binary forms, so `fd00::0:100` and `fd00::100` are the same address.
    public static func holds(_ vip: String, in addresses: [InterfaceAddress], interface: String? = nil)
        throws(VIPObserverError) -> Bool {
        guard let wanted = binaryAddress(vip) else { throw .badAddress(vip) }
        return addresses.contains { entry in
            (interface == nil || entry.interface == interface) && binaryAddress(entry.address) == wanted
        }
    }

    /// Runs `ip -j addr show dev INTERFACE` and says whether `vip` is on it.
    public static func observe(vip: String, interface: String, ipCommand: String = "/sbin/ip")
        throws(VIPObserverError) -> Bool {
        let output = try run(ipCommand, ["-j", "addr", "show", "dev", interface])
        return try holds(vip, in: parse(ipJSON: output), interface: interface)
    }

    /// The 4 or 16 bytes of an address given as text, without any `/prefix`; nil if it is not one.
    public static func binaryAddress(_ text: String) -> [UInt8]? {
        let bare = String(text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard !bare.isEmpty, bare.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func run(_ command: String, _ arguments: [String]) throws(VIPObserverError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw .launchFailed(command: command, reason: String(describing: error))
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .commandFailed(command: ([command] + arguments).joined(separator: " "),
                                 status: process.terminationStatus,
                                 stderr: String(decoding: errors, as: UTF8.self))
        }
        return Array(output)
    }
}

/// The part of one `ip -j addr` entry the observer reads; everything else is ignored.
private struct IPLink: Decodable {
    var ifname: String?
    var addresses: [IPAddressInfo]?

    enum CodingKeys: String, CodingKey {
        case ifname
        case addresses = "addr_info"
    }
}

private struct IPAddressInfo: Decodable {
    var family: String?
    var local: String?
    var prefixlen: Int?
}
