import Testing
@testable import Config

/// Config texts shared by the tests.
enum Fixtures {
    static let base = "/etc/nodeagent"

    static let minimal = """
        [node]
        name = "app1"
        role = "app"

        [network]
        listen = "127.0.0.1:7946"

        [tls]
        ca = "tls/ca.pem"
        cert = "tls/app1.pem"
        key = "tls/app1.key"
        """

    static let full = """
        # A complete node configuration.
        [node]
        name = "app1"
        role = "app"
        voter = false

        [network]
        listen = "0.0.0.0:7946"
        advertise = "10.0.0.5:7946"
        seeds = ["10.0.0.6:7946", "[FD00::0:7]:7946", "db1.example.net:7946"]
        admin_socket = "run/admin.sock"
        admin_listen = "127.0.0.1:7947"

        [tls]
        ca = "/etc/pki/fleet/ca.pem"
        cert = "./tls/../tls/app1.pem"
        key = "tls//app1.key"
        revoked = "tls/revoked.txt"

        [storage]
        data_dir = "state"

        [transport]
        max_frame_bytes = 65536
        reconnect_min_ms = 50
        reconnect_max_ms = 10000
        handshake_timeout_ms = 2000

        [gossip]
        probe_interval_ms = 1000
        probe_timeout_ms = 400
        indirect_checks = 3
        suspicion_min_ms = 2000
        suspicion_max_ms = 8000
        gossip_interval_ms = 200
        gossip_fanout = 3
        retransmit_mult = 4
        push_pull_interval_ms = 30000
        rejoin_interval_ms = 60000

        [quorum]
        heartbeat_ms = 100
        election_timeout_min_ms = 1000
        election_timeout_max_ms = 2000
        lease_ms = 3000
        clock_drift_margin_ms = 500

        [checks.web]
        type = "http"
        url = "http://127.0.0.1:8080/health"
        expect_status = 204
        interval_ms = 500
        timeout_ms = 200
        fall = 3
        rise = 2

        [checks.port]
        type = "tcp"
        address = "127.0.0.1:8080"

        [checks.container]
        type = "docker"
        container = "web"

        [checks.unit]
        type = "systemd"
        unit = "nginx.service"

        [checks.script]
        type = "command"
        argv = ["/usr/local/bin/check-web", "--quiet"]

        [checks.leader]
        type = "patroni"
        url = "http://127.0.0.1:8008"
        role = "leader"

        [vip_groups.app]
        instance = "APP"
        vip = "198.18.0.100/24"
        interface = "eth0"
        members = { app1 = 150, app2 = 100 }
        checks = ["web", "container"]
        mode = { app2 = "passive" }
        active_only_start = [["/usr/bin/docker", "start", "web"]]
        active_only_stop = [["/usr/bin/docker", "stop", "web"]]
        no_quorum_policy = "freeze"

        [vip_groups.int]
        instance = "INT"
        vip = "fd00::100/64"
        interface = "eth1"
        members = { int1 = 120 }

        [keepalived]
        track_dir = "/run/nodeagent/track"
        notify_fifo = "fifo"
        vrrp_pid_file = "/run/keepalived/app.vrrp.pid"

        [database]
        postgres = "127.0.0.1:5432"
        postgres_user = "monitor"
        postgres_password_file = "pg.password"
        patroni_url = "http://127.0.0.1:8008"
        patroni_members = ["http://db1:8008", "http://db2:8008", "http://db3:8008"]
        etcd_endpoints = ["http://db1:2379", "http://db2:2379"]
        haproxy = "127.0.0.1:5000"
        haproxy_stats_socket = "/run/haproxy/admin.sock"
        sample_interval_ms = 2000
        timeout_ms = 1000
        """

    /// `minimal` with `extra` appended (later tables and keys are added by appending).
    static func minimal(plus extra: String) -> String {
        minimal + "\n" + extra + "\n"
    }

    /// `minimal` with the line that starts with `prefix` replaced by `line` (or removed when empty).
    static func minimal(replacing prefix: String, with line: String) -> String {
        minimal.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(prefix) ? Substring(line) : $0 }
            .joined(separator: "\n")
    }

    static func parse(_ text: String) throws(ConfigError) -> NodeConfig {
        try NodeConfig.parse(text, baseDirectory: base)
    }
}
