#if os(Linux)
import Foundation

/// `nodeagent vip --json` as the lab reads it: the agent's own view of every group (desired owner,
/// grant, pin, and each member's liveness, health, keepalived state and track level). Decoded with
/// the fields the scenarios assert on; unknown fields are ignored, so the agent may add more.
struct AgentVIPReport: Decodable, Sendable, Equatable {
    struct Member: Decodable, Sendable, Equatable {
        var name: String
        var priority: Int
        var mode: String
        var alive: Bool
        var healthy: Bool
        var vrrp: String
        var trackLevel: String?
        var holdsAddress: Bool?
    }

    struct Group: Decodable, Sendable, Equatable {
        var name: String
        var desiredOwner: String?
        var reason: String?
        var grantHolder: String?
        var grantTerm: UInt64?
        var pin: String?
        var members: [Member]

        func member(_ name: String) -> Member? { members.first { $0.name == name } }
    }

    var node: String
    var groups: [Group]

    func group(_ name: String) -> Group? { groups.first { $0.name == name } }

    /// Decodes the CLI's output; throws `LabError.invalidRequest` quoting what it could not read.
    static func decode(_ output: String) throws -> AgentVIPReport {
        guard let start = output.firstIndex(of: "{") else {
            throw LabError.invalidRequest("no JSON in `nodeagent vip --json` output: \(output.prefix(300))")
        }
        do {
            return try JSONDecoder().decode(AgentVIPReport.self, from: Data(output[start...].utf8))
        } catch {
            throw LabError.invalidRequest("unreadable `nodeagent vip --json` output (\(error)): \(output.prefix(300))")
        }
    }

    /// One line per group for logs: "app: grant app1@3 desired app1 pin - | app1 master owner, app2 backup standby".
    var summary: String {
        groups.map { group in
            let members = group.members.map { "\($0.name) \($0.alive ? "" : "dead ")\($0.healthy ? "" : "sick ")\($0.vrrp) \($0.trackLevel ?? "?")" }
            return "\(group.name): grant \(group.grantHolder ?? "-")@\(group.grantTerm.map(String.init) ?? "-") desired \(group.desiredOwner ?? "-") pin \(group.pin ?? "-") | \(members.joined(separator: ", "))"
        }.joined(separator: "; ")
    }
}
#endif
