#if os(Linux)
/// How long a `DBCluster.start()` took to reach each stage, all counted from its beginning.
struct DBStartTimes: Sendable, Equatable, CustomStringConvertible {
    /// `etcdctl endpoint health` passed on every member.
    let etcdHealthy: Duration
    /// One Patroni answered `/leader` with 200.
    let leaderElected: Duration
    /// The leader's `pg_stat_replication` showed every other node streaming.
    let replicasStreaming: Duration
    /// Roles and tables created, every HAProxy routing writes to the leader.
    let ready: Duration

    var description: String {
        "etcd healthy \(etcdHealthy.formatted), leader \(leaderElected.formatted), "
            + "replicas streaming \(replicasStreaming.formatted), ready \(ready.formatted)"
    }
}
#endif
