import Foundation
import PKI

/// A fleet of real agents on this machine's loopback addresses: a CA, one certificate and one config per
/// node, every node seeded with all the others. The demo and the benchmarks stand on it.
public enum LocalFleet {
    /// Writes the fleet's files under `directory` (certificates in `directory/tls`) and returns its
    /// agents, not yet started. Node i listens on 127.0.`subnet`.(11+i):`port`. The first `voters`
    /// nodes (default: up to 5, an odd number) form the quorum; the others follow as non-voters.
    public static func make(directory: String, members: [(name: String, role: String)], subnet: Int = 0,
                            port: Int, voters: Int? = nil, extraConfig: String = "") throws -> [LocalAgent] {
        let voterCount = voters ?? defaultVoters(members.count)
        let voterNames = members.prefix(voterCount).map(\.name)
        let quorum = "[quorum]\nvoters = [\(voterNames.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        let tlsDirectory = directory + "/tls"
        try FileManager.default.createDirectory(atPath: tlsDirectory, withIntermediateDirectories: true)
        let ca = try FleetCA.create(directory: tlsDirectory, commonName: "nodeagent local fleet CA", force: true)
        let addresses = members.indices.map { "127.0.\(subnet).\(11 + $0):\(port)" }
        var agents: [LocalAgent] = []
        for (index, member) in members.enumerated() {
            _ = try ca.issue(name: member.name, role: member.role, admin: false, days: 30, directory: tlsDirectory, force: true)
            let agent = LocalAgent(name: member.name, role: member.role, address: addresses[index], root: directory)
            try FileManager.default.createDirectory(atPath: agent.directory, withIntermediateDirectories: true)
            let seeds = addresses.filter { $0 != agent.address }
            try agent.configText(seeds: seeds, tlsDirectory: tlsDirectory, voter: voterNames.contains(member.name),
                                 extra: quorum + extraConfig)
                .write(toFile: agent.configPath, atomically: true, encoding: .utf8)
            agents.append(agent)
        }
        return agents
    }

    /// An odd number of voters, at most 5: enough to survive two failures, few enough to stay fast.
    static func defaultVoters(_ count: Int) -> Int {
        let capped = min(count, 5)
        return capped % 2 == 1 ? capped : capped - 1
    }

    /// Makes a fresh temporary directory.
    public static func temporaryDirectory(prefix: String) throws -> String {
        var bytes = Array((NSTemporaryDirectory() + prefix + "-XXXXXX").utf8CString)
        guard mkdtemp(&bytes) != nil else { throw DemoError.setup("cannot create a temporary directory") }
        return String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Stops every agent (SIGTERM, then SIGKILL after `grace`) and waits for them.
    public static func stop(_ agents: [LocalAgent], grace: TimeInterval = 10) {
        for agent in agents { agent.terminate() }
        let deadline = Date().addingTimeInterval(grace)
        while agents.contains(where: \.isRunning), Date() < deadline { usleep(50_000) }
        for agent in agents where agent.isRunning { agent.kill() }
        for agent in agents { agent.wait() }
    }
}
