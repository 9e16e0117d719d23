import Foundation
import Mesh

/// Fixed-width tables for the terminal; the `--json` output carries the same facts.
public enum StatusTable {
    public static let header = pad(["NODE", "ROLE", "ADDRESS", "PID", "PEERS", "MEMBERS", "RTT ms", "QUORUM", "SEES"])

    /// One demo row: the node's connections and, from its gossip view, who is alive.
    static func row(name: String, role: String, address: String, pid: Int32, running: Bool, view: NodeView?, expectedPeers: Int) -> String {
        guard running else { return pad([name, role, address, "-", "-", "-", "-", "-", "(agent not running)"]) }
        guard let report = view?.status else { return pad([name, role, address, String(pid), "-", "-", "-", "-", "not answering"]) }
        let rtts = report.peers.compactMap(\.rttMilliseconds)
        let rtt = rtts.isEmpty ? "-" : String(format: "%.2f", rtts.reduce(0, +) / Double(rtts.count))
        let members = view?.members?.members ?? []
        let alive = members.filter { $0.status == "alive" }.count
        let others = members.filter { $0.status != "alive" }.map { "\($0.name) \($0.status)" }
        let quorum = view?.quorum.map { $0.role == "leader" ? "COORD t\($0.term)" : "\($0.role) t\($0.term)" } ?? "-"
        return pad([name, role, address, String(pid), "\(report.peers.count)/\(expectedPeers)", "\(alive)/\(members.count) alive",
                    rtt, quorum, others.isEmpty ? "all alive" : others.joined(separator: ", ")])
    }

    /// The `nodeagent status` text.
    public static func status(_ report: StatusReport) -> String {
        var lines = [
            "node      \(report.node) (\(report.role)\(report.voter ? ", voter" : ""))",
            "address   \(report.address)",
            "version   \(report.agentVersion), pid \(report.pid), up since \(iso(report.startedAt))",
            "peers     \(report.peers.count) connected, \(report.seeds.count) seeds configured",
            "",
            peerPad(["PEER", "ROLE", "ADDRESS", "DIR", "TLS IDENTITY", "SERIAL", "CONNECTED SINCE", "RTT ms"]),
        ]
        for peer in report.peers {
            lines.append(peerPad([
                peer.node, peer.role, peer.address, peer.direction == .inbound ? "in" : "out",
                "SAN=\(peer.identity.subjectAltName)\(peer.identity.admin ? " (admin)" : "")",
                String(peer.identity.serial.prefix(12)), iso(peer.connectedSince),
                peer.rttMilliseconds.map { String(format: "%.2f", $0) } ?? "-",
            ]))
        }
        return lines.joined(separator: "\n")
    }

    /// The `nodeagent members` text.
    public static func members(_ report: MembersReport) -> String {
        var lines = ["fleet as seen by \(report.node): \(report.members.filter { $0.status == "alive" }.count)/\(report.members.count) alive", ""]
        let widths = [10, 6, 22, 8, 12, 12, 8, 8]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
                .joined(separator: " ").trimmingCharacters(in: .whitespaces)
        }
        lines.append(row(["NAME", "ROLE", "ADDRESS", "STATUS", "INCARNATION", "LAST HEARD", "RTT ms", "VERSION"]))
        for member in report.members {
            let heard = member.isSelf ? "(self)" : member.lastHeardMillisecondsAgo.map { String(format: "%.0f ms ago", $0) } ?? "never"
            lines.append(row([
                member.name, member.role, member.address, member.status, String(member.incarnation), heard,
                member.rttMilliseconds.map { String(format: "%.2f", $0) } ?? "-", member.agentVersion,
            ]))
        }
        return lines.joined(separator: "\n")
    }

    /// The `nodeagent vip` text.
    public static func vip(_ report: VIPReport) -> String {
        var lines: [String] = []
        for group in report.groups {
            lines.append("\(group.name)  VIP \(group.vip) on \(group.interface) (keepalived \(group.instance))")
            lines.append("  granted to   \(group.grantHolder ?? "nobody")\(group.grantTerm.map { " (term \($0))" } ?? "")")
            lines.append("  desired      \(group.desiredOwner ?? "nobody") — \(group.reason)")
            if let pin = group.pin { lines.append("  pinned to    \(pin)") }
            if let policy = group.noQuorumPolicy { lines.append("  no quorum    \(policy)") }
            if let lease = group.leaseRemainingMilliseconds { lines.append(String(format: "  lease here   %.0f ms left", lease)) }
            lines.append("  MEMBER     PRIO  MODE     ALIVE  HEALTHY  VRRP     VIP  LEVEL")
            for member in group.members {
                let cells = [member.name.padding(toLength: 10, withPad: " ", startingAt: 0),
                             String(member.priority).padding(toLength: 5, withPad: " ", startingAt: 0),
                             member.mode.padding(toLength: 8, withPad: " ", startingAt: 0),
                             (member.alive ? "yes" : "no").padding(toLength: 6, withPad: " ", startingAt: 0),
                             (member.healthy ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0),
                             member.vrrp.padding(toLength: 8, withPad: " ", startingAt: 0),
                             (member.holdsAddress.map { $0 ? "yes" : "no" } ?? "-").padding(toLength: 4, withPad: " ", startingAt: 0),
                             member.trackLevel ?? "-"]
                lines.append("  " + cells.joined(separator: " "))
            }
            lines.append("")
        }
        return lines.isEmpty ? "no VIP groups" : lines.joined(separator: "\n")
    }

    /// The `nodeagent coordinator` text.
    public static func coordinator(_ report: CoordinatorReport) -> String {
        var lines = [
            "node         \(report.node) (\(report.role))",
            "term         \(report.term)",
            "coordinator  \(report.coordinator ?? "none (no quorum or election in progress)")",
            "log          commit \(report.commitIndex), applied \(report.appliedIndex), last \(report.lastLogIndex)",
            "config       version \(report.configVersion)",
        ]
        if let contact = report.lastCoordinatorContactMillisecondsAgo {
            lines.append(String(format: "last contact %.0f ms ago", contact))
        }
        if !report.heldLeases.isEmpty { lines.append("leases held  \(report.heldLeases.joined(separator: ", "))") }
        if let features = report.features {
            lines.append("features     fleet: \(features.joined(separator: ", "))")
            if let own = report.nodeFeatures, own != features {
                lines.append("             this node: \(own.joined(separator: ", ")) (new kinds wait until every voter has them)")
            }
        }
        lines.append("")
        lines.append("MEMBER     VOTER  MATCH INDEX  LAST CONTACT")
        for voter in report.voters {
            let match = voter.matchIndex.map(String.init) ?? "-"
            let contact = voter.lastContactMillisecondsAgo.map { String(format: "%.0f ms ago", $0) } ?? "-"
            lines.append(voter.name.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                + (voter.voter ? "yes" : "no").padding(toLength: 6, withPad: " ", startingAt: 0) + " "
                + match.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + contact)
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ cells: [String]) -> String {
        let widths = [8, 6, 22, 8, 7, 13, 8, 14, 14]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    private static func peerPad(_ cells: [String]) -> String {
        let widths = [8, 6, 22, 4, 18, 13, 21, 7]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    private static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
