#if os(Linux)
import Foundation

/// A keepalived pair set up the way users run it — app1 MASTER priority 101, app2 BACKUP priority
/// 100, each checking its own HTTP service with `vrrp_script` interval 1, fall 2, rise 1 — plus a
/// third node (db1) that is no member of the pair, and a sampler on the pair's namespaces. It is the
/// baseline nodeagent must beat, shared by the lab tests and the benchmark.
final class BaselinePair {
    let lab: Lab
    let members: [LabNode]
    let outsider: LabNode
    let services: [String: HTTPService]
    let keepalived: [String: KeepalivedInstance]
    let sampler: VIPSampler
    /// When keepalived was started on the pair: the election is timed from here.
    private(set) var startedAt = ContinuousClock.now
    static let vip = "198.18.0.100"

    /// Builds the lab and starts services, keepalived and the sampler; everything is torn down by
    /// `stop()` (and by the lab's deinit if a test fails first).
    init() throws {
        lab = try Lab(nodeNames: ["app1", "app2", "db1"])
        do {
            // LAB_CPU_LOAD=1: the baseline under the same competing load as the agent fleets.
            try CPULoad.startIfAsked(in: lab)
            members = [try lab.node("app1"), try lab.node("app2")]
            outsider = try lab.node("db1")
            var services: [String: HTTPService] = [:]
            var keepalived: [String: KeepalivedInstance] = [:]
            for (node, priority) in zip(members, [101, 100]) {
                let service = try HTTPService(lab: lab, node: node)
                try service.start()
                services[node.name] = service
                var settings = KeepalivedSettings(priority: priority, check: .init(url: service.url))
                settings.initialState = priority == 101 ? .master : .backup
                settings.vip = BaselinePair.vip
                keepalived[node.name] = try KeepalivedInstance(lab: lab, node: node, settings: settings)
            }
            self.services = services
            self.keepalived = keepalived
            sampler = try VIPSampler(vip: BaselinePair.vip, nodes: members)
            try sampler.start()
            startedAt = .now
            for instance in keepalived.values { try instance.start() }
        } catch {
            lab.stop()
            throw error
        }
    }

    /// Waits until exactly one member holds the VIP and returns its name.
    func waitForSoleHolder(timeout: Duration = .seconds(10)) async throws -> String {
        let sample = try await sampler.waitFor("exactly one VIP holder", timeout: timeout) { $0.count == 1 }
        return sample.holders[0]
    }

    /// Waits until `name` alone holds the VIP and has held it for `steady` (keepalived may hand it
    /// around while the checks come up), and returns when that began.
    @discardableResult
    func waitUntilSettled(on name: String = "app1", steady: Duration = .milliseconds(500),
                          timeout: Duration = .seconds(15)) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - .now
            let start = try await sampler.waitFor("\(name) alone holding the VIP", timeout: remaining) { $0 == [name] }
            let end = try await sampler.waitFor("\(steady) more of sampling", since: start.at + steady,
                                                timeout: max(remaining, steady * 2)) { _ in true }
            let line = sampler.timeline
            if line.samples.allSatisfy({ $0.at < start.at || $0.at > end.at || $0.holders == [name] }) {
                return start.at
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut("\(name) to hold the VIP steadily for \(steady)")
            }
        }
    }

    /// The member that is not `name`.
    func peer(of name: String) throws -> LabNode {
        guard let peer = members.first(where: { $0.name != name }) else {
            throw LabError.invalidRequest("\(name) has no peer")
        }
        return peer
    }

    /// Kills the holder's HTTP service and returns how long until the VIP was on the peer alone.
    /// The service is restarted afterwards and the VIP left to settle back.
    func measureServiceFailover(timeout: Duration = .seconds(10)) async throws -> Duration {
        let holder = try await waitForSoleHolder()
        try await waitUntilSettled(on: holder)
        let peer = try peer(of: holder).name
        guard let service = services[holder] else { throw LabError.invalidRequest("no service on \(holder)") }
        let killedAt = ContinuousClock.now
        service.crash()
        let moved = try await sampler.waitFor("the VIP on \(peer) alone after \(holder)'s service died",
                                              since: killedAt, timeout: timeout) { $0 == [peer] }
        try service.start()
        return moved.at - killedAt
    }

    /// Cuts the holder off (`cut` detaches it from the bridge, else `cutLink` drops traffic between the
    /// two members only) and returns how long until both held the VIP. The cut stays until `heal`.
    func measureSplitBrain(pairLinkOnly: Bool = false, timeout: Duration = .seconds(10)) async throws -> (holder: String, dual: Duration) {
        let holder = try await waitForSoleHolder()
        try await waitUntilSettled(on: holder)
        let node = try lab.node(holder)
        let cutAt = ContinuousClock.now
        if pairLinkOnly {
            try lab.cutLink(node, try peer(of: holder))
        } else {
            try lab.cut(node)
        }
        let dual = try await sampler.waitFor("two VIP holders after cutting \(holder)", since: cutAt,
                                             timeout: timeout) { $0.count == 2 }
        return (holder, dual.at - cutAt)
    }

    /// Undoes either cut of `holder` and returns how long until one holder was left.
    func heal(_ holder: String, timeout: Duration = .seconds(10)) async throws -> Duration {
        let node = try lab.node(holder)
        let healedAt = ContinuousClock.now
        try lab.heal(node)
        try lab.healLink(node, try peer(of: holder))
        let single = try await sampler.waitFor("one VIP holder after healing \(holder)", since: healedAt,
                                               timeout: timeout) { $0.count == 1 }
        return single.at - healedAt
    }

    /// Stops the sampler and tears the lab down.
    func stop() {
        sampler.stop()
        lab.stop()
    }
}
#endif
