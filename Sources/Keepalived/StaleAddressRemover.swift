import Foundation

/// Takes a VIP off this node's interface with `ip address del`, for the one case where nobody else will:
/// keepalived was killed (it never runs its cleanup) or stopped, so the address stays while the peer's
/// keepalived, hearing no adverts, takes over — two holders. Blocking (it starts `ip`): call it off the
/// agent's event loop.
public enum StaleAddressRemover {
    /// Where `ip` lives on Debian and most distributions.
    static let candidates = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]

    /// What happened, for the journal.
    public enum Outcome: Equatable, Sendable, CustomStringConvertible {
        /// The address was on the interface and `ip` removed it (with the prefix it carried there).
        case removed([String])
        /// It was not there (any more): nothing to do.
        case absent
        case failed(String)

        public var description: String {
            switch self {
            case let .removed(addresses): "removed \(addresses.joined(separator: ", "))"
            case .absent: "not on the interface"
            case let .failed(reason): "failed: \(reason)"
            }
        }
    }

    /// Removes every copy of `vip` ("address/prefix" as configured) from `interface`.
    public static func remove(vip: String, interface: String) -> Outcome {
        let present: [InterfaceAddress]
        do {
            present = try LocalAddresses.read().filter { entry in
                (try? VIPObserver.holds(vip, in: [entry], interface: interface)) == true
            }
        } catch {
            return .failed("cannot read the interface addresses: \(error)")
        }
        guard !present.isEmpty else { return .absent }
        guard let ip = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .failed("no ip command (iproute2) found")
        }
        var removed: [String] = []
        for entry in present {
            let target = "\(entry.address)/\(entry.prefixLength)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ip)
            process.arguments = ["address", "del", target, "dev", interface]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                return .failed("cannot run \(ip): \(error)")
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                return .failed("ip address del \(target) dev \(interface) exited \(process.terminationStatus)")
            }
            removed.append(target)
        }
        return .removed(removed)
    }
}
