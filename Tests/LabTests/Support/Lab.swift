#if os(Linux)
import Foundation
import Synchronization

/// A throw-away network of namespaces for testing VIP failover with real keepalived: a "switch"
/// namespace holding one bridge, and one namespace per node with a veth into that bridge. The host's
/// own network is never touched: every link lives in a namespace this run created.
///
/// Every name carries this process's PID and a per-process counter, so parallel runs never collide,
/// and teardown deletes exactly the names recorded here and stops exactly the services started here
/// (by PID). Teardown runs from `stop()` and again, harmlessly, from `deinit`, so a failing test
/// still cleans up.
final class Lab {
    /// All nodes, in the order of the names given.
    let nodes: [LabNode]
    /// The switch namespace, holding the bridge.
    let switchNamespace: String
    /// The bridge inside `switchNamespace`.
    let bridge: String
    /// A private directory for configs, pid files and logs, removed by `stop()`.
    let directory: String
    /// The short unique tag every name of this lab contains.
    let tag: String

    private var createdNamespaces: [String] = []
    private var services: [LabService] = []
    private var cutLinks: Set<[Int]> = []
    private var stopped = false

    private static let counter = Atomic<Int>(0)

    /// The largest lab: addresses stay in 198.18.0.11–.60, clear of the VIPs at .100 and above.
    static let maxNodes = 50

    /// Builds the network. Throws (after removing whatever it had created) when a step fails.
    init(nodeNames: [String]) throws {
        try Lab.validate(nodeNames)
        let number = Lab.counter.add(1, ordering: .relaxed).newValue
        let tag = String(getpid(), radix: 36) + "x" + String(number, radix: 36)
        self.tag = tag
        switchNamespace = "nal\(tag)s"
        bridge = "b\(tag)"
        nodes = nodeNames.enumerated().map { offset, name in
            let index = offset + 1
            return LabNode(name: name, index: index, namespace: "nal\(tag)n\(index)",
                           interface: "e\(tag)n\(index)", switchPort: "p\(tag)n\(index)")
        }
        directory = try Lab.makeDirectory(tag: tag)
        do {
            try build()
        } catch {
            stop()
            throw error
        }
    }

    /// The node called `name`.
    func node(_ name: String) throws -> LabNode {
        guard let node = nodes.first(where: { $0.name == name }) else {
            throw LabError.invalidRequest("no node called \(name) in this lab")
        }
        return node
    }

    /// Runs a short command inside `node`'s namespace, with a time limit.
    @discardableResult
    func run(in node: LabNode, _ argv: [String], timeout: Duration = .seconds(10)) throws -> CommandResult {
        try Command.run(["ip", "netns", "exec", node.namespace] + argv, timeout: timeout)
    }

    /// Starts a long-running command inside `node`'s namespace, logging to `logName` in `directory`.
    /// The caller keeps the process and stops it; `register` makes sure teardown does too.
    func launch(in node: LabNode, _ argv: [String], logName: String, environment: [String: String] = [:],
                unset: [String] = []) throws -> LaunchedProcess {
        let ip = try Command.resolve("ip")
        return try LaunchedProcess([ip, "netns", "exec", node.namespace] + argv,
                                   logPath: directory + "/" + logName, environment: environment, unset: unset)
    }

    /// Records a service for teardown; services stop in the reverse order of registration.
    func register(_ service: LabService) {
        services.append(service)
    }

    /// Cuts `node` off the bridge (its switch port leaves the bridge): it keeps its link and address
    /// but reaches nobody, like a pulled cable beyond the NIC.
    func cut(_ node: LabNode) throws {
        try ipInSwitch(["link", "set", node.switchPort, "nomaster"])
    }

    /// Puts `node` back on the bridge.
    func heal(_ node: LabNode) throws {
        try ipInSwitch(["link", "set", node.switchPort, "master", bridge])
    }

    /// Drops all IPv4 traffic between `a` and `b` only (nftables rules in both namespaces), while
    /// both still reach every other node: the partition a 2-node pair cannot tell from a death.
    func cutLink(_ a: LabNode, _ b: LabNode) throws {
        guard a != b else { throw LabError.invalidRequest("cannot cut \(a.name) from itself") }
        let key = [a.index, b.index].sorted()
        guard !cutLinks.contains(key) else { return }
        try addDropTable(in: a, peer: b)
        try addDropTable(in: b, peer: a)
        cutLinks.insert(key)
    }

    /// Removes the rules `cutLink(a, b)` added.
    func healLink(_ a: LabNode, _ b: LabNode) throws {
        let key = [a.index, b.index].sorted()
        guard cutLinks.contains(key) else { return }
        try Command.run(["ip", "netns", "exec", a.namespace, "nft", "delete", "table", "inet",
                         dropTable(peer: b)]).check()
        try Command.run(["ip", "netns", "exec", b.namespace, "nft", "delete", "table", "inet",
                         dropTable(peer: a)]).check()
        cutLinks.remove(key)
    }

    /// Stops every registered service, deletes the namespaces this lab created (by recorded name) and
    /// its directory. Safe to call more than once; never throws, so it can run from `defer`.
    func stop() {
        guard !stopped else { return }
        stopped = true
        for service in services.reversed() {
            service.stop()
        }
        services.removeAll()
        for namespace in createdNamespaces.reversed() {
            _ = try? Command.run(["ip", "netns", "delete", namespace], timeout: .seconds(10))
        }
        createdNamespaces.removeAll()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The namespaces this lab created and has not deleted yet (for tests of the teardown).
    var liveNamespaces: [String] { createdNamespaces }

    deinit {
        stop()
    }

    // MARK: - Building

    private func build() throws {
        let names = [bridge] + nodes.flatMap { [$0.interface, $0.switchPort] }
        if let long = names.first(where: { $0.utf8.count > 15 }) {
            throw LabError.invalidRequest("interface name \(long) is longer than Linux's 15 bytes")
        }
        try addNamespace(switchNamespace)
        try ipInSwitch(["link", "add", bridge, "type", "bridge"])
        // VRRP adverts are multicast; without snooping the bridge floods them like a plain switch.
        try ipInSwitch(["link", "set", bridge, "type", "bridge", "mcast_snooping", "0"])
        try ipInSwitch(["link", "set", bridge, "up"])
        for node in nodes {
            try addNode(node)
        }
    }

    private func addNode(_ node: LabNode) throws {
        try addNamespace(node.namespace)
        // Created directly inside the two namespaces, so the host namespace never sees the veth.
        try Command.run(["ip", "-n", switchNamespace, "link", "add", node.switchPort, "type", "veth",
                         "peer", "name", node.interface, "netns", node.namespace]).check()
        try ipInSwitch(["link", "set", node.switchPort, "master", bridge])
        try ipInSwitch(["link", "set", node.switchPort, "up"])
        let inNode = ["ip", "-n", node.namespace]
        try Command.run(inNode + ["link", "set", "lo", "up"]).check()
        try Command.run(inNode + ["addr", "add", "\(node.address)/24", "dev", node.interface]).check()
        try Command.run(inNode + ["link", "set", node.interface, "up"]).check()
    }

    private func addNamespace(_ name: String) throws {
        try Command.run(["ip", "netns", "add", name]).check()
        createdNamespaces.append(name)
    }

    private func ipInSwitch(_ arguments: [String]) throws {
        try Command.run(["ip", "-n", switchNamespace] + arguments).check()
    }

    private func dropTable(peer: LabNode) -> String { "nal\(tag)cut\(peer.index)" }

    private func addDropTable(in node: LabNode, peer: LabNode) throws {
        let table = dropTable(peer: peer)
        let rules = """
            table inet \(table) {
                chain input {
                    type filter hook input priority 0; policy accept;
                    ip saddr \(peer.address) drop
                }
                chain output {
                    type filter hook output priority 0; policy accept;
                    ip daddr \(peer.address) drop
                }
            }

            """
        let path = directory + "/\(node.name)-\(table).nft"
        guard FileManager.default.createFile(atPath: path, contents: Data(rules.utf8)) else {
            throw LabError.invalidRequest("cannot write \(path)")
        }
        try Command.run(["ip", "netns", "exec", node.namespace, "nft", "-f", path]).check()
    }

    // MARK: - Validation

    private static func validate(_ names: [String]) throws {
        guard (1...maxNodes).contains(names.count) else {
            throw LabError.invalidRequest("a lab has 1…\(maxNodes) nodes, not \(names.count)")
        }
        guard Set(names).count == names.count else {
            throw LabError.invalidRequest("node names must be unique: \(names)")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        for name in names where name.isEmpty || name.count > 32 || !name.allSatisfy(allowed.contains) {
            throw LabError.invalidRequest("node name '\(name)' must be 1–32 of a–z, 0–9, '-'")
        }
    }

    private static func makeDirectory(tag: String) throws -> String {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("nodeagent-lab-\(tag)-XXXXXX")
        var template = Array(base.path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { throw LabError.invalidRequest("cannot create a lab directory") }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
#endif
