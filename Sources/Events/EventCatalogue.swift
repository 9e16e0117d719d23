/// Every event nodeagent knows, with its default policy: the database events of the managed-database
/// consoles (names, rules, parameters and severities as they ship them) and the fleet's own.
public enum EventCatalogue {
    private static let selfHealing = "Usually self-healing; if it persists, look at the evidence and the node's journal."

    /// The database node's events, read from PostgreSQL, Patroni, etcd, HAProxy and the kernel.
    public static let database: [EventPolicy] = [
        EventPolicy(name: "oom_kill", title: "Process killed by the OOM killer", source: .node, rule: .occurrence,
                    severity: .critical, mandatory: true,
                    remedy: "Check memory usage for leaks or contention (work_mem × connections), cap the services' memory, add memory."),
        EventPolicy(name: "database_unavailable", title: "Database access unavailable", source: .database,
                    rule: .consecutive(countKey: "failure_count"), parameters: [.init("failure_count", .count, "3")],
                    severity: .fatal, mandatory: true, remedy: selfHealing),
        EventPolicy(name: "ha_switchover", title: "HA primary/replica switchover", source: .database, rule: .change,
                    severity: .critical, mandatory: true,
                    remedy: "Check why the old leader lost its role (its Patroni log); it rejoins as a replica by itself."),
        EventPolicy(name: "ha_no_leader", title: "HA cluster with no leader", source: .database,
                    rule: .consecutive(countKey: "no_leader_count"), parameters: [.init("no_leader_count", .count, "2")],
                    severity: .fatal, mandatory: true,
                    remedy: "The database is not writable: check etcd's quorum (etcdctl endpoint health) and Patroni on every DB node."),
        EventPolicy(name: "replication_lag", title: "Replication delay too high", source: .database,
                    rule: .above(thresholdKey: "lag_threshold_sec", countKey: "sample_count"),
                    parameters: [.init("lag_threshold_sec", .seconds, "30"), .init("sample_count", .count, "2")],
                    severity: .critical, mandatory: true, remedy: "Check the write pressure on the leader and the replica's disk and network."),
        EventPolicy(name: "wal_receiver_not_streaming", title: "WAL receiver not streaming", source: .database,
                    rule: .consecutive(countKey: "sample_count"), parameters: [.init("sample_count", .count, "2")],
                    severity: .critical, mandatory: true, remedy: selfHealing),
        EventPolicy(name: "patroni_abnormal", title: "Abnormal Patroni node status", source: .database,
                    rule: .consecutive(countKey: "sample_count"), parameters: [.init("sample_count", .count, "2")],
                    severity: .critical, mandatory: true, remedy: selfHealing),
        EventPolicy(name: "etcd_unavailable", title: "etcd unavailable", source: .database,
                    rule: .consecutive(countKey: "failure_count"), parameters: [.init("failure_count", .count, "3")],
                    severity: .fatal, mandatory: true,
                    remedy: "Start the stopped etcd members; with a majority down Patroni demotes the leader to read-only."),
        EventPolicy(name: "connections_high", title: "Database connections too high", source: .database,
                    rule: .above(thresholdKey: "usage_pct", countKey: "sample_count"),
                    parameters: [.init("usage_pct", .percent, "80"), .init("sample_count", .count, "2")],
                    severity: .critical, mandatory: true, remedy: "Check for connection leaks (pg_stat_activity by application) and raise max_connections or pool."),
        EventPolicy(name: "deadlocks", title: "Frequent deadlocks", source: .database,
                    rule: .rise(countKey: "deadlock_count", windowKey: "window_sec"),
                    parameters: [.init("deadlock_count", .count, "5"), .init("window_sec", .seconds, "60")],
                    severity: .normal, mandatory: false, remedy: "Analyse the queries involved and take row locks in one order everywhere."),
        EventPolicy(name: "cache_hit_low", title: "Cache hit ratio too low", source: .database,
                    rule: .below(thresholdKey: "hit_ratio_threshold", countKey: "sample_count"),
                    parameters: [.init("hit_ratio_threshold", .percent, "90"), .init("sample_count", .count, "2")],
                    severity: .normal, mandatory: false, remedy: "Increase shared_buffers, analyse query plans and add indexes."),
        EventPolicy(name: "ping_latency_high", title: "Database ping latency too high", source: .database,
                    rule: .above(thresholdKey: "latency_threshold", countKey: "sample_count"),
                    parameters: [.init("latency_threshold", .milliseconds, "100ms"), .init("sample_count", .count, "2")],
                    severity: .normal, mandatory: false, remedy: "Check the database's load and I/O (pg_stat_activity, iostat)."),
        EventPolicy(name: "disk_capacity", title: "Database capacity", source: .database,
                    rule: .above(thresholdKey: "size_threshold", countKey: nil),
                    parameters: [.init("size_threshold", .bytes, "10GiB")],
                    severity: .normal, mandatory: false, remedy: "Delete unneeded data or grow the volume."),
        EventPolicy(name: "haproxy_unavailable", title: "HAProxy unavailable", source: .database,
                    rule: .consecutive(countKey: "failure_count"), parameters: [.init("failure_count", .count, "3")],
                    severity: .fatal, mandatory: true, remedy: "Start HAProxy (systemctl start haproxy); clients of the DB VIP cannot reach the database."),
    ]

    /// The fleet's own events.
    public static let fleet: [EventPolicy] = [
        EventPolicy(name: "member_dead", title: "Fleet member dead", source: .fleet, rule: .consecutive(countKey: "sample_count"),
                    parameters: [.init("sample_count", .count, "1")], severity: .critical, mandatory: true,
                    remedy: "Check the node and its nodeagent unit (systemctl status nodeagent, journalctl -u nodeagent)."),
        EventPolicy(name: "quorum_lost", title: "Quorum lost", source: .node, rule: .consecutive(countKey: "sample_count"),
                    parameters: [.init("sample_count", .count, "2")], severity: .fatal, mandatory: true,
                    remedy: "This node reaches no majority of the voters: check its network; its VIPs are released by its lease."),
        EventPolicy(name: "split_brain", title: "Two holders of a VIP", source: .node, rule: .consecutive(countKey: "sample_count"),
                    parameters: [.init("sample_count", .count, "2")], severity: .fatal, mandatory: true,
                    remedy: "Two nodes answer for one VIP: check the link between the pair and keepalived on both (nodeagent vip)."),
        EventPolicy(name: "vip_no_holder", title: "VIP without a holder", source: .fleet, rule: .consecutive(countKey: "sample_count"),
                    parameters: [.init("sample_count", .count, "3")], severity: .fatal, mandatory: true,
                    remedy: "No node may hold the group's VIP: check the members' health checks and modes (nodeagent vip)."),
        EventPolicy(name: "check_failing", title: "Health check failing", source: .node, rule: .consecutive(countKey: "sample_count"),
                    parameters: [.init("sample_count", .count, "1")], severity: .critical, mandatory: false,
                    remedy: "Look at the checked service on this node (nodeagent status shows the check's detail)."),
        EventPolicy(name: "certificate_expiring", title: "Certificate expiring", source: .node,
                    rule: .below(thresholdKey: "days", countKey: nil), parameters: [.init("days", .days, "14")],
                    severity: .critical, mandatory: true,
                    remedy: "Issue a new node certificate (nodeagent certs node NAME) and reload the agent (systemctl reload nodeagent)."),
    ]

    public static let all: [EventPolicy] = database + fleet

    /// The default policy called `name`.
    public static func policy(_ name: String) -> EventPolicy? { all.first { $0.name == name } }

    /// Every policy with the fleet's settings on top, in catalogue order.
    public static func effective(_ settings: [String: EventPolicySetting]) -> [EventPolicy] {
        all.map { $0.applying(settings[$0.name]) }
    }

    /// Checks a change an operator asks for against the catalogue: an unknown policy or parameter, a
    /// value of the wrong kind and disabling a mandatory policy are refused with what would be accepted.
    public static func validate(_ name: String, _ change: EventPolicySetting) throws(EventPolicyError) {
        guard let policy = policy(name) else { throw .unknownPolicy(name, known: all.map(\.name)) }
        if change.enabled == nil, change.severity == nil, change.parameters.isEmpty { throw .nothingToChange(name) }
        if change.enabled == false, policy.mandatory { throw .mandatory(name) }
        for (key, value) in change.parameters.sorted(by: { $0.key < $1.key }) {
            guard let parameter = policy.parameters.first(where: { $0.key == key }) else {
                throw .unknownParameter(policy: name, key: key, known: policy.parameters.map(\.key))
            }
            guard parameter.value(of: value) != nil else {
                throw .badValue(policy: name, key: key, value: value, expected: parameter.expected)
            }
        }
    }
}
