/// Network: the default gateway (/proc/net/route) and whether it answers — its neighbour entry in
/// /proc/net/arp is complete (it answered ARP) or incomplete (it did not). Reading only, nothing is
/// sent: the kernel's own traffic keeps the entry fresh.
public enum GatewayCheck {
    public static let name = "gateway"

    /// ATF_COM: the neighbour answered and its hardware address is known.
    static let arpComplete = 0x2
    /// RTF_UP: the route is usable.
    static let routeUp = 0x1

    public static func evaluate(route: String, arp: String) -> Finding {
        let lines = route.split(whereSeparator: \.isNewline)
        guard let header = lines.first, header.contains("Gateway") else { return .unknown(name, "cannot read /proc/net/route") }
        var defaults: [(interface: String, gateway: String, metric: Int)] = []
        for line in lines.dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8, let flags = Int(fields[3], radix: 16), let metric = Int(fields[6]) else {
                return .unknown(name, "cannot read /proc/net/route line \"\(line.prefix(80))\"")
            }
            guard fields[1] == "00000000", fields[7] == "00000000", flags & routeUp != 0, let gateway = ipv4(fields[2]) else { continue }
            defaults.append((String(fields[0]), gateway, metric))
        }
        guard let best = defaults.min(by: { $0.metric < $1.metric }) else {
            return Finding(check: name, status: .warning, evidence: "no IPv4 default route",
                           remedy: "If the node should reach other networks: `ip route add default via GATEWAY dev IFACE`, and make it permanent in the network configuration (/etc/network/interfaces, netplan or NetworkManager).")
        }
        if best.gateway == "0.0.0.0" {
            return Finding(check: name, status: .ok, evidence: "default route on \(best.interface) without a gateway (point-to-point)")
        }
        let via = "default gateway \(best.gateway) on \(best.interface)"
        let remedy = "`ping -c3 \(best.gateway)` and `ip neigh show \(best.gateway)`; check the cable or virtual NIC (`ip link show \(best.interface)`), the VLAN, and that the gateway's address did not change (`ip route`)."
        for line in arp.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 6, fields[0] == best.gateway, fields[5] == best.interface else { continue }
            guard let flags = Int(fields[2].dropFirst(2), radix: 16) else { return .unknown(name, "cannot read /proc/net/arp") }
            if flags & arpComplete != 0 { return Finding(check: name, status: .ok, evidence: "\(via) answers ARP (\(fields[3]))") }
            return Finding(check: name, status: .critical, evidence: "\(via) does not answer ARP (incomplete neighbour entry)", remedy: remedy)
        }
        return Finding(check: name, status: .warning, evidence: "\(via): no ARP entry — nothing was sent to it lately, or it never answered",
                       remedy: remedy)
    }

    /// "010200C0" (host byte order, little-endian) → "192.0.2.1".
    static func ipv4(_ hex: Substring) -> String? {
        guard hex.count == 8, let value = UInt32(hex, radix: 16) else { return nil }
        return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24].map { String($0) }.joined(separator: ".")
    }
}
