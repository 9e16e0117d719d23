#if os(Linux)
/// Renders each lab node's `nodeagent.toml`. Pure, so the rendering is unit-tested without root.
///
/// Every node gets the same `[quorum]`, `[checks.*]` and `[vip_groups.*]` structure; only `[node]`,
/// `[network]`, `[tls]`, the check URLs (each node checks its own service), the interface and the
/// per-node paths differ — as on a real fleet where one template is deployed everywhere.
struct AgentFleetConfig: Sendable {
    /// The per-node files of one agent, all inside the lab's directory.
    struct Files: Sendable, Equatable {
        let directory: String
        var config: String { directory + "/nodeagent.toml" }
        var adminSocket: String { directory + "/admin.sock" }
        var dataDirectory: String { directory + "/data" }
        var trackDirectory: String { directory + "/track" }
        var notifyFIFO: String { directory + "/keepalived.fifo" }
        /// Where the agent writes group `group`'s track value (keepalived's `track_file`).
        func trackFile(_ group: String) -> String { trackDirectory + "/\(group).track" }
        /// The agent's lease deadline file of `group`, which keepalived's lease script tests.
        func leaseFile(_ group: String) -> String { trackDirectory + "/\(group).lease" }
    }

    var nodes: [LabNode]
    var groups: [LabVIPGroup]
    /// The voting nodes; nil means every node votes.
    var voters: [String]? = nil
    /// Where `nodeagent certs` wrote ca.pem and NAME.pem / NAME.key.
    var tlsDirectory: String
    /// The parent of every node's `Files.directory`.
    var baseDirectory: String
    var peerPort = 7946
    var servicePort = 8080
    var checkIntervalMs = 200
    var checkTimeoutMs = 150
    var checkFall = 2
    var checkRise = 2
    /// Node name → the PID file of its keepalived's VRRP child (`[keepalived] vrrp_pid_file`), for the
    /// nodes that run keepalived; empty renders no such key (an agent that predates it rejects it).
    var vrrpPidFiles: [String: String] = [:]
    /// Checks that are `patroni` checks (check name → the role it asks for) instead of the HTTP
    /// service check, each node asking its own Patroni.
    var patroniChecks: [String: String] = [:]
    /// The read-only HTTP API and dashboard on each node's own loopback (`network.http_loopback`), when
    /// set; nil renders nothing (an older agent rejects the key).
    var httpLoopbackPort: Int? = nil
    var patroniPort = 8008

    func files(for node: LabNode) -> Files { Files(directory: baseDirectory + "/" + node.name) }

    /// The role of a node: its name without the trailing digits ("app1" → "app").
    static func role(of node: LabNode) -> String {
        let letters = String(node.name.reversed().drop { ("0"..."9").contains($0) }.reversed())
        return letters.isEmpty ? "node" : letters
    }

    /// The config of `node`. Throws `LabError.invalidRequest` when a group names a node the lab lacks,
    /// or an address falls outside 198.18.0.0/15.
    func render(for node: LabNode) throws -> String {
        try validate()
        let files = files(for: node)
        let seeds = nodes.filter { $0 != node }.map { "\"\($0.address):\(peerPort)\"" }.joined(separator: ", ")
        let voterNames = self.voters ?? nodes.map(\.name)
        let voters = voterNames.map { "\"\($0)\"" }.joined(separator: ", ")
        var text = """
            [node]
            name = "\(node.name)"
            role = "\(Self.role(of: node))"
            voter = \(voterNames.contains(node.name))

            [network]
            listen = "\(node.address):\(peerPort)"\(httpLoopbackPort.map { "\nhttp_loopback = \"127.0.0.1:\($0)\"" } ?? "")
            seeds = [\(seeds)]
            admin_socket = "\(files.adminSocket)"

            [tls]
            ca = "\(tlsDirectory)/ca.pem"
            cert = "\(tlsDirectory)/\(node.name).pem"
            key = "\(tlsDirectory)/\(node.name).key"

            [storage]
            data_dir = "\(files.dataDirectory)"

            [transport]
            handshake_timeout_ms = 2000

            [quorum]
            voters = [\(voters)]

            """
        for check in Set(groups.flatMap(\.checks)).sorted() {
            if let role = patroniChecks[check] {
                text += """

                    [checks.\(check)]
                    type = "patroni"
                    url = "http://\(node.address):\(patroniPort)"
                    role = "\(role)"
                    interval_ms = \(checkIntervalMs)
                    timeout_ms = \(checkTimeoutMs)
                    fall = \(checkFall)
                    rise = \(checkRise)

                    """
                continue
            }
            text += """

                [checks.\(check)]
                type = "http"
                url = "http://\(node.address):\(servicePort)/"
                interval_ms = \(checkIntervalMs)
                timeout_ms = \(checkTimeoutMs)
                fall = \(checkFall)
                rise = \(checkRise)

                """
        }
        for group in groups {
            let members = group.members.map { "\($0.name) = \($0.priority)" }.joined(separator: ", ")
            let checks = group.checks.map { "\"\($0)\"" }.joined(separator: ", ")
            text += """

                [vip_groups.\(group.name)]
                instance = "\(group.instance)"
                vip = "\(group.vip)/24"
                interface = "\(node.interface)"
                members = { \(members) }
                checks = [\(checks)]
                no_quorum_policy = "\(group.noQuorumPolicy)"

                """
        }
        text += """

            [keepalived]
            track_dir = "\(files.trackDirectory)"
            notify_fifo = "\(files.notifyFIFO)"

            """
        if let pidFile = vrrpPidFiles[node.name] {
            text += "vrrp_pid_file = \"\(pidFile)\"\n"
        }
        return text
    }

    private func validate() throws {
        let names = Set(nodes.map(\.name))
        for group in groups {
            guard KeepalivedConfig.isLabAddress(group.vip) else {
                throw LabError.invalidRequest("VIP \(group.vip) of group \(group.name) is not in 198.18.0.0/15")
            }
            guard !group.members.isEmpty, group.memberNames.allSatisfy(names.contains) else {
                throw LabError.invalidRequest("group \(group.name) names nodes the lab lacks: \(group.memberNames)")
            }
        }
        guard Set(groups.map(\.name)).count == groups.count else {
            throw LabError.invalidRequest("group names must be unique: \(groups.map(\.name))")
        }
    }
}
#endif
