import CoreMetrics
import Metrics
import Foundation
import Prometheus

/// `/metrics`: the Prometheus text exposition of the agent, through swift-metrics and
/// swift-prometheus. Counters of state changes come from the log (`EventCountingLogHandler`) and
/// from the event service; the gauges are read from the agent's reports at every scrape, so a scrape
/// shows the fleet as it is, never a cached view.
final class AgentMetrics: Sendable {
    /// What a scrape reads; the agent fills it from its drivers.
    struct Snapshot: Sendable {
        var members: [String: String] = [:]
        var term: UInt64 = 0
        var isCoordinator = false
        var commitIndex: UInt64 = 0
        var quorumReachable: Bool?
        /// group → (grant holder, members reporting the VIP, member → healthy)
        var groups: [(name: String, grant: String?, holders: [String], healthy: [String: Bool])] = []
        var operations: [String: Int] = [:]
        var activeEvents = 0
        var peersConnected = 0
    }

    let registry = PrometheusCollectorRegistry()
    private let statuses = ["alive", "suspect", "dead", "left"]
    private let operationStatuses = ["running", "paused", "halted", "finished", "cancelled"]
    private let clockTicks = Double(sysconf(Int32(_SC_CLK_TCK)))
    private let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))

    /// Makes this registry the process's swift-metrics backend (once per process: the daemon's).
    func bootstrap() {
        MetricsSystem.bootstrap(DescribedMetricsFactory(registry: registry))
    }

    /// The text of one scrape.
    func render(_ snapshot: Snapshot) -> String {
        for status in statuses {
            gauge("nodeagent_members", "Fleet members by gossip status, as this node sees them", [("status", status)]).set(to: Double(snapshot.members.values.filter { $0 == status }.count))
        }
        gauge("nodeagent_coordinator_term", "The current Raft term").set(to: Double(snapshot.term))
        gauge("nodeagent_is_coordinator", "1 when this node is the coordinator").set(to: snapshot.isCoordinator ? 1 : 0)
        gauge("nodeagent_commit_index", "The quorum log commit index known here").set(to: Double(snapshot.commitIndex))
        if let reachable = snapshot.quorumReachable { gauge("nodeagent_quorum_reachable", "1 when this node reaches a majority of the voters").set(to: reachable ? 1 : 0) }
        gauge("nodeagent_peers_connected", "Peer connections established").set(to: Double(snapshot.peersConnected))
        for group in snapshot.groups {
            gauge("nodeagent_vip_holders", "Members reporting the group VIP on their interface (more than 1 is two holders)", [("group", group.name)]).set(to: Double(group.holders.count))
            gauge("nodeagent_vip_granted", "1 when the fleet state grants the group to a member", [("group", group.name)]).set(to: group.grant == nil ? 0 : 1)
            for (member, healthy) in group.healthy {
                gauge("nodeagent_vip_member_healthy", "1 when the member passes the group checks", [("group", group.name), ("member", member)]).set(to: healthy ? 1 : 0)
                gauge("nodeagent_vip_grant_holder", "1 for the member the group is granted to", [("group", group.name), ("member", member)]).set(to: group.grant == member ? 1 : 0)
            }
        }
        for status in operationStatuses {
            gauge("nodeagent_operations", "Fleet operations kept in the state, by status", [("status", status)]).set(to: Double(snapshot.operations[status] ?? 0))
        }
        gauge("nodeagent_events_active", "Events that fired and have not cleared on this node").set(to: Double(snapshot.activeEvents))
        readProcess()
        return registry.emitToString()
    }

    /// The agent's own RSS and CPU time, from /proc/self.
    private func readProcess() {
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
           let resident = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            gauge("nodeagent_process_resident_memory_bytes", "Resident memory of the agent process").set(to: resident * pageSize)
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the command: state is field 3; utime and stime are fields 14 and 15.
            if fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) {
                gauge("nodeagent_process_cpu_seconds", "CPU time used by the agent process (user and system)").set(to: (user + system) / clockTicks)
            }
        }
    }

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Prometheus.Gauge {
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        return labels.isEmpty ? registry.makeGauge(descriptor: descriptor) : registry.makeGauge(descriptor: descriptor, labels: labels)
    }
}
