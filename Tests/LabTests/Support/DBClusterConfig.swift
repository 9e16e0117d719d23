#if os(Linux)
/// The database lab's configuration, as text and command lines: etcd's flags, Patroni's YAML and
/// HAProxy's config for one node. Pure, so it can be read (and checked) without starting anything.
enum DBClusterConfig {
    static let etcdClientPort = 2379
    static let etcdPeerPort = 2380
    static let patroniPort = 8008
    static let postgresPort = 5432
    static let haproxyWritePort = 5000
    static let haproxyReadPort = 5001
    /// PostgreSQL 15 as Debian installs it.
    static let postgresBin = "/usr/lib/postgresql/15/bin"

    /// The lab's fixed credentials (a throw-away cluster on a private network).
    static let superuser = (name: "postgres", password: "lab-postgres")
    static let replicationUser = (name: "replicator", password: "lab-replicator")
    /// The role a monitoring agent uses: `pg_monitor` only.
    static let monitorUser = (name: "nodeagent", password: "lab-nodeagent")
    /// An ordinary application role: the write load, the held connections and the deadlocks use it,
    /// so they count against `max_connections` like real clients (not the superuser's reserve).
    static let appUser = (name: "lab_app", password: "lab-app")

    /// etcd 3.4 (v3 API only) as member `node` of a cluster of `all`, on the node's address.
    static func etcdArguments(_ node: DBNode, all: [DBNode], clusterToken: String) -> [String] {
        let address = node.node.address
        let initial = all.map { "\($0.name)=http://\($0.node.address):\(etcdPeerPort)" }.joined(separator: ",")
        return [
            "etcd", "--name", node.name, "--data-dir", node.etcdDirectory,
            "--listen-client-urls", "http://\(address):\(etcdClientPort)",
            "--advertise-client-urls", "http://\(address):\(etcdClientPort)",
            "--listen-peer-urls", "http://\(address):\(etcdPeerPort)",
            "--initial-advertise-peer-urls", "http://\(address):\(etcdPeerPort)",
            "--initial-cluster", initial,
            "--initial-cluster-token", clusterToken,
            // Ignored once the data directory exists, so a restarted member rejoins.
            "--initial-cluster-state", "new",
            "--logger", "zap",
        ]
    }

    /// Patroni's config for `node`. Lab timings (ttl/loop_wait/retry_timeout 10/2/3, production
    /// defaults 30/10/10) keep drills short.
    static func patroniYAML(_ node: DBNode, all: [DBNode]) -> String {
        let address = node.node.address
        let etcdHosts = all.map { "\($0.node.address):\(etcdClientPort)" }.joined(separator: ",")
        return """
            scope: lab
            namespace: /nodeagent-lab/
            name: \(node.name)
            log:
              level: INFO
            restapi:
              listen: \(address):\(patroniPort)
              connect_address: \(address):\(patroniPort)
            etcd3:
              hosts: \(etcdHosts)
            bootstrap:
              dcs:
                ttl: 10
                loop_wait: 2
                retry_timeout: 3
                maximum_lag_on_failover: 1048576
                postgresql:
                  use_pg_rewind: true
                  use_slots: true
                  parameters:
                    max_connections: 100
                    superuser_reserved_connections: 3
                    wal_level: replica
                    hot_standby: "on"
                    wal_log_hints: "on"
                    max_wal_senders: 10
                    max_replication_slots: 10
                    # Production leaves both at 60 s: a frozen walreceiver then still shows as
                    # "streaming" in the leader's pg_stat_replication for a minute, and a replica takes
                    # a minute to notice a leader that stopped sending. 5 s makes both observable (the
                    # row leaves, the receiver reconnects) within a short drill.
                    wal_sender_timeout: 5s
                    wal_receiver_timeout: 5s
              initdb:
                - encoding: UTF8
                - data-checksums
            postgresql:
              listen: \(address):\(postgresPort)
              connect_address: \(address):\(postgresPort)
              use_unix_socket: true
              data_dir: \(node.dataDirectory)
              bin_dir: \(postgresBin)
              pgpass: \(node.directory)/pgpass
              authentication:
                superuser:
                  username: \(superuser.name)
                  password: \(superuser.password)
                replication:
                  username: \(replicationUser.name)
                  password: \(replicationUser.password)
              parameters:
                unix_socket_directories: \(node.socketDirectory)
                shared_buffers: 32MB
              pg_hba:
                - local all all trust
                - host replication \(replicationUser.name) 198.18.0.0/24 md5
                - host all all 198.18.0.0/24 md5
                - host all all 127.0.0.1/32 md5

            """
    }

    /// HAProxy on `node`: :5000 to the primary (Patroni's `/primary` answers 200 only there), :5001
    /// to the replicas (`/replica`), each server checked on its Patroni port every second.
    static func haproxyConfig(_ node: DBNode, all: [DBNode]) -> String {
        let address = node.node.address
        func servers() -> String {
            all.map { "    server \($0.name) \($0.node.address):\(postgresPort) check port \(patroniPort)" }
                .joined(separator: "\n")
        }
        return """
            global
                maxconn 300
                stats socket \(node.haproxyStatsSocket) mode 600 level admin

            defaults
                mode tcp
                timeout connect 2s
                timeout client 30m
                timeout server 30m
                timeout check 1s

            listen primary
                bind \(address):\(haproxyWritePort)
                option httpchk GET /primary
                http-check expect status 200
                default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
            \(servers())

            listen replicas
                bind \(address):\(haproxyReadPort)
                balance roundrobin
                option httpchk GET /replica
                http-check expect status 200
                default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
            \(servers())

            """
    }
}
#endif
