import Foundation

/// Network: each Ethernet interface's MAC address. All zeros or a multicast address means the NIC
/// (or the hypervisor's configuration of it) is broken: neighbours cannot address the node.
public enum MACAddressCheck {
    public static let name = "mac-address"

    public static func evaluate(_ interfaces: [InterfaceAddress]) -> Finding {
        let ethernet = interfaces.filter { $0.type == 1 && $0.name != "lo" }.sorted { $0.name < $1.name }
        guard !ethernet.isEmpty else { return .unknown(name, "skipped: no Ethernet interfaces besides loopback") }
        var problems: [String] = []
        for interface in ethernet {
            let text = interface.address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let octets = text.split(separator: ":").compactMap { $0.count == 2 ? UInt8($0, radix: 16) : nil }
            if octets.count != 6 || text.split(separator: ":").count != 6 {
                problems.append("\(interface.name): unreadable address \"\(text.prefix(30))\"")
            } else if octets.allSatisfy({ $0 == 0 }) {
                problems.append("\(interface.name): all zeros")
            } else if octets[0] & 1 != 0 {
                problems.append("\(interface.name): \(text) is a multicast address")
            }
        }
        let list = ethernet.map { "\($0.name) \($0.address.trimmingCharacters(in: .whitespacesAndNewlines))" }.joined(separator: ", ")
        guard problems.isEmpty else {
            return Finding(check: name, status: .warning, evidence: problems.joined(separator: "; "),
                           remedy: "Compare with what the hypervisor or the NIC assigns (`ip -d link show IFACE`, `ethtool -P IFACE`); fix the VM's NIC configuration, or set a unicast address (`ip link set IFACE address XX:XX:XX:XX:XX:XX`) in the network configuration.")
        }
        return Finding(check: name, status: .ok, evidence: list)
    }
}
