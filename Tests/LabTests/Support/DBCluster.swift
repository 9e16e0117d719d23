#if os(Linux)
import Foundation

/// A real PostgreSQL 15 + Patroni + etcd + HAProxy cluster from Debian's packages, one node per lab
/// namespace: on every node an etcd member (client :2379, peer :2380), Patroni (REST :8008) with its
/// postgres (:5432, run as the postgres user), and HAProxy (:5000 to the primary, :5001 to the
/// replicas). All files live in the lab's directory; every daemon is started with `lab.launch`,
/// remembered by its PID and killed (SIGKILL, so teardown takes a second or two) by `stop()` or by
/// the lab's teardown.
///
/// The drills make the faults a monitoring agent must notice happen for real (a failover, a crashed
/// postmaster, a lost etcd quorum, a frozen walreceiver, exhausted connections, deadlocks, a dead
/// HAProxy); the queries read the raw signals those faults leave. Nodes are named by their lab name
/// ("db1").
///
///     let cluster = try DBCluster()          // or DBCluster(lab:) on a lab whose nodes are db1…db3
///     defer { cluster.stop() }
///     try await cluster.start()
///     let leader = try #require(try cluster.leader())
final class DBCluster {
    /// The lab the cluster runs in (its nodes, its directory).
    let lab: Lab
    /// One per lab node, in the lab's order.
    let nodes: [DBNode]

    private let ownsLab: Bool
    private var clients: [DBClientProcess] = []
    private var pausedWalReceivers: [String: pid_t] = [:]
    private var stopped = false

    /// How long the last `start()` took to reach each stage.
    private(set) var startTimes: DBStartTimes?

    // MARK: - Building

    /// A cluster on every node of `lab` (at least 3, for etcd's quorum). Nothing runs until `start()`.
    /// The lab's teardown stops the cluster's daemons too.
    convenience init(lab: Lab) throws {
        try self.init(lab: lab, ownsLab: false)
    }

    /// A cluster in a lab of its own, nodes db1, db2 and db3 (198.18.0.11–13); `stop()` also tears
    /// the lab down.
    convenience init() throws {
        try self.init(lab: Lab(nodeNames: ["db1", "db2", "db3"]), ownsLab: true)
    }

    private init(lab: Lab, ownsLab: Bool) throws {
        guard lab.nodes.count >= 3 else {
            throw LabError.invalidRequest("a database cluster needs 3 or more nodes for etcd's quorum, not \(lab.nodes.count)")
        }
        self.lab = lab
        self.ownsLab = ownsLab
        nodes = lab.nodes.map { DBNode(node: $0, labDirectory: lab.directory) }
        nodes.forEach(lab.register)
    }

    /// Why this machine cannot run the database lab (a package missing), or nil when it can.
    /// `scripts/setup.sh` installs everything.
    static let missingPrerequisites: String? = {
        var absent: [String] = []
        for (tool, package) in [("etcd", "etcd-server"), ("etcdctl", "etcd-client"), ("patroni", "patroni"),
                                ("haproxy", "haproxy"), ("psql", "postgresql"), ("setpriv", "util-linux")]
        where Command.find(tool) == nil {
            absent.append(package)
        }
        if !FileManager.default.isExecutableFile(atPath: DBClusterConfig.postgresBin + "/postgres") {
            absent.append("postgresql (version 15)")
        }
        if getpwnam("postgres") == nil { absent.append("postgresql (its postgres user)") }
        let psycopg = try? Command.run([(try? HTTPService.python()) ?? "python3", "-c", "import psycopg2, etcd"],
                                       timeout: .seconds(10))
        if psycopg?.succeeded != true { absent.append("python3-psycopg2 python3-etcd") }
        guard !absent.isEmpty else { return nil }
        return "apt-get install " + absent.joined(separator: " ")
    }()

    // MARK: - Connection facts

    /// The node called `name`.
    func node(_ name: String) throws -> DBNode {
        guard let node = nodes.first(where: { $0.name == name }) else {
            throw LabError.invalidRequest("no database node called \(name)")
        }
        return node
    }

    /// The node names, in order ("db1", "db2", "db3").
    var names: [String] { nodes.map(\.name) }

    /// Patroni's REST API on `name`: "http://198.18.0.11:8008".
    func patroniURL(_ name: String) throws -> String {
        "http://\(try node(name).node.address):\(DBClusterConfig.patroniPort)"
    }

    /// Every node's Patroni REST API, by node name.
    var patroniURLs: [String: String] {
        Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, "http://\($0.node.address):\(DBClusterConfig.patroniPort)") })
    }

    /// etcd's client endpoints, in node order: ["http://198.18.0.11:2379", …].
    var etcdEndpoints: [String] {
        nodes.map { "http://\($0.node.address):\(DBClusterConfig.etcdClientPort)" }
    }

    /// The address postgres listens on for TCP clients on `name` (its lab address).
    func postgresHost(_ name: String) throws -> String { try node(name).node.address }

    /// postgres's port on every node.
    var postgresPort: Int { DBClusterConfig.postgresPort }

    /// `name`'s unix socket directory (local connections as the superuser need no password).
    func postgresSocketDirectory(_ name: String) throws -> String { try node(name).socketDirectory }

    /// The monitoring role (granted `pg_monitor`; password login from 198.18.0.0/24).
    var monitorUser: String { DBClusterConfig.monitorUser.name }
    var monitorPassword: String { DBClusterConfig.monitorUser.password }

    /// HAProxy's stats socket on `name` (`level admin`).
    func haproxyStatsSocket(_ name: String) throws -> String { try node(name).haproxyStatsSocket }

    /// HAProxy's write port on `name`, leading to the primary: "198.18.0.11:5000".
    func haproxyWriteAddress(_ name: String) throws -> String {
        "\(try node(name).node.address):\(DBClusterConfig.haproxyWritePort)"
    }

    /// HAProxy's read port on `name`, leading to the replicas: "198.18.0.11:5001".
    func haproxyReadAddress(_ name: String) throws -> String {
        "\(try node(name).node.address):\(DBClusterConfig.haproxyReadPort)"
    }

    // MARK: - Starting and stopping

    /// Starts etcd on every node and waits for `etcdctl endpoint health`, then Patroni (one leader, the
    /// others streaming), creates the monitoring role and the lab's tables, then starts HAProxy and
    /// waits until every HAProxy routes writes to the leader. Throws (with the logs' tails) when a stage
    /// does not come within what is left of `timeout`.
    func start(timeout: Duration = .seconds(90)) async throws {
        let began = ContinuousClock.now
        let deadline = began + timeout
        try prepareFiles()
        for node in nodes { try launchEtcd(node) }
        try await poll("every etcd member healthy", until: deadline) { try self.etcdHealth().succeeded ? true : nil }
        let etcdHealthy = ContinuousClock.now - began

        for node in nodes { try launchPatroni(node) }
        let leader = try await waitForLeader(timeout: deadline - .now)
        let leaderElected = ContinuousClock.now - began
        try await waitForStreamingReplicas(nodes.count - 1, timeout: deadline - .now)
        let replicasStreaming = ContinuousClock.now - began

        try sql(leader, DBCluster.setupSQL)
        for node in nodes { try launchHAProxy(node) }
        for node in nodes {
            try await poll("HAProxy on \(node.name) to route writes to \(leader)", until: deadline) {
                try self.haproxyServerStatus(node.name)["primary/\(leader)"] == "UP" ? true : nil
            }
        }
        // Patroni may restart a freshly cloned replica once right after it first streams: the cluster
        // is ready when both replicas have streamed, and Patroni has called them running, for 2 s on end.
        try await waitForSteadyReplicas(nodes.count - 1, until: deadline)
        startTimes = DBStartTimes(etcdHealthy: etcdHealthy, leaderElected: leaderElected,
                                  replicasStreaming: replicasStreaming, ready: ContinuousClock.now - began)
    }

    /// Waits until `count` replicas stream on the leader and Patroni lists every member running, both
    /// without a break for `steady`.
    func waitForSteadyReplicas(_ count: Int, steady: Duration = .seconds(2), until deadline: ContinuousClock.Instant) async throws {
        var since: ContinuousClock.Instant?
        try await poll("\(count) replicas streaming and every member running for \(steady)", until: deadline, every: .milliseconds(200)) { () -> Bool? in
            let leader = try self.leader()
            let streaming = try leader.map { try self.sqlInt($0, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") } ?? 0
            let members = (try? self.members()) ?? []
            let running = members.count == self.nodes.count && members.allSatisfy { ["running", "streaming"].contains($0.state) }
            guard streaming >= count, running else {
                since = nil
                return nil
            }
            let first = since ?? ContinuousClock.now
            since = first
            return ContinuousClock.now - first >= steady ? true : nil
        }
    }

    /// Kills every client and daemon the cluster started (SIGKILL), and the lab too when the cluster
    /// made it. Safe to call more than once.
    func stop() {
        guard !stopped else { return }
        stopped = true
        clients.forEach { $0.stop() }
        clients.removeAll()
        nodes.forEach { $0.stop() }
        if ownsLab { lab.stop() }
    }

    /// Every live PID the cluster started or that descends from one of its postmasters, for a check
    /// that teardown left nothing behind.
    var livePIDs: [pid_t] {
        nodes.flatMap(\.livePIDs) + clients.compactMap(\.pid)
    }

    deinit {
        stop()
    }

    // MARK: - Queries

    /// Each node's HTTP status for `GET path` on its Patroni (0 when it does not answer within a
    /// second). `/leader` and `/primary` answer 200 on the leader only, `/replica` on a healthy
    /// replica, `/health` on a running postgres.
    func restStatus(_ path: String) throws -> [String: Int] {
        let urls = nodes.map { "http://\($0.node.address):\(DBClusterConfig.patroniPort)\(path)" }
        // All at once (-Z), so a dead member costs one second, not one per member.
        var argv = ["curl", "-s", "-Z", "--max-time", "1", "-w", "%{url_effective} %{http_code}\n"]
        for url in urls { argv += ["-o", "/dev/null", url] }
        let output = try lab.run(in: nodes[0].node, argv, timeout: .seconds(5)).output
        var codes: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let index = urls.firstIndex(of: String(fields[0])) else { continue }
            codes[nodes[index].name] = Int(fields[1]) ?? 0
        }
        for node in nodes where codes[node.name] == nil { codes[node.name] = 0 }
        return codes
    }

    /// The one node whose Patroni answers `GET /leader` with 200, or nil when none does (or, never
    /// expected, several do). The reliable "who leads" signal: with etcd's quorum lost, `/cluster`
    /// still names the old leader.
    func leader() throws -> String? {
        let leaders = try restStatus("/leader").filter { $0.value == 200 }.map(\.key)
        return leaders.count == 1 ? leaders[0] : nil
    }

    /// The members as Patroni's `GET /cluster` lists them, asked of the first node that answers.
    func members() throws -> [DBMember] {
        for node in nodes {
            guard let object = try? restJSON(node.name, "/cluster") else { continue }
            let members = object["members"] as? [[String: Any]] ?? []
            return members.compactMap(DBMember.init(json:))
        }
        throw LabError.timedOut("any Patroni to answer GET /cluster")
    }

    /// The JSON object `name`'s Patroni answers to `GET path` (`/patroni` has "state", "role",
    /// "timeline"…).
    func restJSON(_ name: String, _ path: String) throws -> [String: Any] {
        let url = try patroniURL(name) + path
        let result = try lab.run(in: try node(name).node, ["curl", "-s", "--max-time", "2", url], timeout: .seconds(5))
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] else {
            throw LabError.commandFailed(argv: result.argv, status: result.status, output: "not a JSON object: " + result.output)
        }
        return object
    }

    /// `etcdctl endpoint health` over every member (exit status non-zero when any is unhealthy; one
    /// line per member).
    func etcdHealth() throws -> CommandResult {
        try lab.run(in: nodes[0].node, ["etcdctl", "--endpoints=" + etcdEndpoints.joined(separator: ","),
                                        "--dial-timeout=1s", "--command-timeout=2s", "endpoint", "health"],
                    timeout: .seconds(10))
    }

    /// Runs `query` with psql as the superuser over `name`'s unix socket and returns the rows,
    /// unaligned ("|" between columns), without headers, trimmed. Throws on any SQL error.
    @discardableResult
    func sql(_ name: String, _ query: String, timeout: Duration = .seconds(10)) throws -> String {
        let node = try node(name)
        let result = try Command.run([DBClusterConfig.postgresBin + "/psql", "-X", "-A", "-t", "-q",
                                      "-v", "ON_ERROR_STOP=1", "-h", node.socketDirectory,
                                      "-p", String(DBClusterConfig.postgresPort), "-U", DBClusterConfig.superuser.name,
                                      "-d", "postgres", "-c", query], timeout: timeout).check()
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `sql` for a query answering one integer.
    func sqlInt(_ name: String, _ query: String) throws -> Int {
        let text = try sql(name, query)
        guard let value = Int(text) else { throw LabError.invalidRequest("'\(query)' on \(name) answered '\(text)', not an integer") }
        return value
    }

    /// Runs `command` on `name`'s HAProxy stats socket ("show stat", "show info", "disable server
    /// primary/db2") and returns the answer.
    func haproxyCommand(_ name: String, _ command: String) throws -> String {
        let socket = try node(name).haproxyStatsSocket
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(2)
            s.connect(sys.argv[1])
            s.sendall((sys.argv[2] + "\\n").encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            sys.stdout.write(data.decode())
            """
        return try Command.run([try HTTPService.python(), "-c", script, socket, command], timeout: .seconds(5)).check().output
    }

    /// Each HAProxy server's status on `name` ("primary/db1": "UP", "replicas/db1": "DOWN"), from
    /// `show stat`.
    func haproxyServerStatus(_ name: String) throws -> [String: String] {
        let lines = try haproxyCommand(name, "show stat").split(separator: "\n")
        guard let header = lines.first, header.hasPrefix("# ") else { return [:] }
        let columns = header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false)
        guard let status = columns.firstIndex(of: "status") else { return [:] }
        var statuses: [String: String] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > status, fields[1] != "FRONTEND", fields[1] != "BACKEND" else { continue }
            statuses["\(fields[0])/\(fields[1])"] = String(fields[status])
        }
        return statuses
    }

    /// Tries a TCP connection from `from`'s namespace to `address` ("198.18.0.11:5000"): "open",
    /// "refused", or "unreachable …".
    func tcpProbe(from: String, to address: String) throws -> String {
        guard let colon = address.lastIndex(of: ":") else { throw LabError.invalidRequest("\(address) has no port") }
        let result = try lab.run(in: try node(from).node, [try HTTPService.python(), "-c", DBClientScripts.tcpProbe,
                                                           String(address[..<colon]), String(address[address.index(after: colon)...])],
                                 timeout: .seconds(5)).check()
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until exactly one node answers `/leader` with 200, and returns it.
    @discardableResult
    func waitForLeader(otherThan previous: String? = nil, timeout: Duration = .seconds(30)) async throws -> String {
        try await poll("a leader" + (previous.map { " other than \($0)" } ?? ""), timeout: timeout) { () -> String? in
            guard let leader = try self.leader(), leader != previous else { return nil }
            return leader
        }
    }

    /// Waits until no node answers `/leader` with 200.
    func waitForNoLeader(timeout: Duration = .seconds(30)) async throws {
        try await poll("no member answering /leader with 200", timeout: timeout) {
            try self.restStatus("/leader").values.contains(200) ? nil : true
        }
    }

    /// Waits until the leader's `pg_stat_replication` shows `count` replicas streaming.
    func waitForStreamingReplicas(_ count: Int, timeout: Duration = .seconds(60)) async throws {
        try await poll("\(count) replicas streaming", timeout: timeout) { () -> Bool? in
            guard let leader = try self.leader() else { return nil }
            let streaming = try self.sqlInt(leader, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
            return streaming >= count ? true : nil
        }
    }

    // MARK: - Drills

    /// Kills the leader's Patroni and its postgres (SIGKILL, the postmaster and its workers together):
    /// the leader key expires after `ttl` and a replica is promoted. Returns the killed leader's name;
    /// `restartPatroni` brings it back (as a replica, through pg_rewind).
    @discardableResult
    func killLeaderPatroniAndPostgres() throws -> String {
        guard let leader = try leader() else { throw LabError.invalidRequest("no leader to kill") }
        let node = try node(leader)
        node.patroni?.crash()
        node.killPostgres()
        return leader
    }

    /// Starts `name`'s Patroni again (if it is not running); it starts or rejoins its postgres.
    func restartPatroni(_ name: String) throws {
        let node = try node(name)
        guard node.patroni?.isRunning != true else { return }
        try launchPatroni(node)
    }

    /// SIGKILLs `name`'s postmaster alone, as a crash would; its workers notice and exit, and Patroni
    /// restarts postgres in place (no failover). Returns the killed PID.
    @discardableResult
    func killPostmaster(_ name: String) throws -> pid_t {
        guard let pid = try node(name).postmasterPID else { throw LabError.invalidRequest("no postmaster running on \(name)") }
        kill(pid, SIGKILL)
        return pid
    }

    /// The PID of `name`'s running postmaster, if any.
    func postmasterPID(_ name: String) throws -> pid_t? { try node(name).postmasterPID }

    /// Kills `name`'s etcd member (SIGKILL).
    func stopEtcd(_ name: String) throws {
        try node(name).etcd?.crash()
    }

    /// Starts `name`'s etcd member again (if it is not running); it rejoins with its data directory.
    func startEtcd(_ name: String) throws {
        let node = try node(name)
        guard node.etcd?.isRunning != true else { return }
        try launchEtcd(node)
    }

    /// Freezes (SIGSTOP) the walreceiver of `name`, a replica: found among the children of the
    /// postmaster of that node's data directory. Both ends keep saying "streaming" until the leader's
    /// `wal_sender_timeout` (5 s here) ends the connection. Returns the frozen PID.
    @discardableResult
    func pauseWalReceiver(_ name: String) throws -> pid_t {
        guard let pid = try node(name).walReceiverPID else { throw LabError.invalidRequest("no walreceiver running on \(name)") }
        guard kill(pid, SIGSTOP) == 0 else { throw LabError.invalidRequest("SIGSTOP to \(pid) failed: errno \(errno)") }
        pausedWalReceivers[name] = pid
        return pid
    }

    /// SIGCONT to the walreceiver `pauseWalReceiver(name)` froze; does nothing otherwise.
    func resumeWalReceiver(_ name: String) {
        guard let pid = pausedWalReceivers.removeValue(forKey: name), ProcessTree.entry(pid) != nil else { return }
        kill(pid, SIGCONT)
    }

    /// Opens `count` client connections (as the application role) to `name`'s postgres and keeps them
    /// open until the returned client is stopped (or the cluster is). Returns once all are open; throws
    /// with the client's output when they cannot be (FATAL: too many clients…).
    func holdConnections(_ count: Int, on name: String, timeout: Duration = .seconds(20)) async throws -> DBClientProcess {
        let node = try node(name)
        let client = try launchClient(on: node, script: "hold-connections.py", DBClientScripts.holdConnections,
                                      arguments: [node.node.address, String(DBClusterConfig.postgresPort), String(count)])
        _ = try await client.waitForLine(startingWith: "held", timeout: timeout)
        return client
    }

    /// Makes `count` real deadlocks on `name` (which must be the primary): two sessions lock rows 1 and
    /// 2 of `lab_locks`, then each other's. Each takes about `deadlock_timeout` (1 s). Returns how many
    /// of them the client saw aborted with SQLSTATE 40P01.
    func causeDeadlocks(_ count: Int, on name: String) throws -> Int {
        let node = try node(name)
        let script = try writeScript("deadlocks.py", DBClientScripts.deadlocks)
        let app = DBClusterConfig.appUser
        let result = try lab.run(in: node.node, [try HTTPService.python(), script, node.node.address,
                                                 String(DBClusterConfig.postgresPort), app.name, app.password,
                                                 "postgres", String(count)],
                                 timeout: .seconds(10 + 5 * count)).check()
        guard let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("deadlocks ") }),
              let seen = Int(line.dropFirst("deadlocks ".count)) else {
            throw LabError.commandFailed(argv: result.argv, status: result.status, output: result.output)
        }
        return seen
    }

    /// Kills `name`'s HAProxy (SIGKILL): its ports refuse connections.
    func stopHAProxy(_ name: String) throws {
        try node(name).haproxy?.crash()
    }

    /// Starts `name`'s HAProxy again (if it is not running).
    func startHAProxy(_ name: String) throws {
        let node = try node(name)
        guard node.haproxy?.isRunning != true else { return }
        try launchHAProxy(node)
    }

    /// A light write load: one insert into `lab_writes` every `interval` through `name`'s HAProxy write
    /// port, reconnecting after errors, so WAL keeps flowing as in a real database. Its "up"/"down"
    /// lines (`DBClientProcess.instants(of:)`) time every interruption of writes.
    func startWriteLoad(through name: String, interval: Duration = .milliseconds(100)) throws -> DBClientProcess {
        let node = try node(name)
        return try launchClient(on: node, script: "write-load.py", DBClientScripts.writeLoad,
                                arguments: [node.node.address, String(DBClusterConfig.haproxyWritePort),
                                            String(interval.seconds), "\(name)-haproxy"])
    }

    // MARK: - Daemons

    private func prepareFiles() throws {
        guard let account = getpwnam("postgres") else { throw LabError.unavailable("no postgres user (apt-get install postgresql)") }
        let (uid, gid) = (account.pointee.pw_uid, account.pointee.pw_gid)
        // mkdtemp made the lab directory 0700: postgres must be able to reach its own directories in it.
        guard chmod(lab.directory, 0o711) == 0 else { throw LabError.invalidRequest("chmod \(lab.directory): errno \(errno)") }
        for node in nodes {
            for directory in [node.directory, node.socketDirectory] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                guard chown(directory, uid, gid) == 0, chmod(directory, 0o755) == 0 else {
                    throw LabError.invalidRequest("cannot hand \(directory) to postgres: errno \(errno)")
                }
            }
            try write(DBClusterConfig.patroniYAML(node, all: nodes), to: node.patroniConfig, mode: 0o600)
            guard chown(node.patroniConfig, uid, gid) == 0 else { throw LabError.invalidRequest("chown \(node.patroniConfig): errno \(errno)") }
            try write(DBClusterConfig.haproxyConfig(node, all: nodes), to: node.haproxyConfig, mode: 0o644)
        }
    }

    private func launchEtcd(_ node: DBNode) throws {
        let argv = DBClusterConfig.etcdArguments(node, all: nodes, clusterToken: "nodeagent-lab-\(lab.tag)")
        node.etcd = try lab.launch(in: node.node, argv, logName: node.logName("etcd"), unset: ["NOTIFY_SOCKET"])
    }

    private func launchPatroni(_ node: DBNode) throws {
        // setpriv execs in place, so the PID the lab keeps is Patroni's own.
        let argv = [try Command.resolve("setpriv"), "--reuid=postgres", "--regid=postgres", "--init-groups",
                    try Command.resolve("patroni"), node.patroniConfig]
        node.patroni = try lab.launch(in: node.node, argv, logName: node.logName("patroni"),
                                      environment: ["HOME": node.directory], unset: ["NOTIFY_SOCKET"])
    }

    private func launchHAProxy(_ node: DBNode) throws {
        // -db: stay in the foreground, one process, so the PID kept is HAProxy's.
        let argv = [try Command.resolve("haproxy"), "-db", "-f", node.haproxyConfig]
        node.haproxy = try lab.launch(in: node.node, argv, logName: node.logName("haproxy"), unset: ["NOTIFY_SOCKET"])
    }

    private func launchClient(on node: DBNode, script name: String, _ source: String, arguments: [String]) throws -> DBClientProcess {
        let script = try writeScript(name, source)
        let app = DBClusterConfig.appUser
        let argv = [try HTTPService.python(), script, arguments[0], arguments[1], app.name, app.password, "postgres"]
            + arguments.dropFirst(2)
        let process = try lab.launch(in: node.node, argv, logName: node.logName(name.replacingOccurrences(of: ".py", with: "")))
        let client = DBClientProcess(node: node.node, process: process)
        lab.register(client)
        clients.append(client)
        return client
    }

    /// Writes a client script into the lab directory (once) and returns its path.
    private func writeScript(_ name: String, _ source: String) throws -> String {
        let path = lab.directory + "/" + name
        if !FileManager.default.fileExists(atPath: path) {
            try write(source, to: path, mode: 0o644)
        }
        return path
    }

    private func write(_ text: String, to path: String, mode: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw LabError.invalidRequest("cannot write \(path)")
        }
    }

    /// The monitoring role, the application role and the lab's tables, created once on the leader.
    private static let setupSQL = """
        CREATE ROLE \(DBClusterConfig.monitorUser.name) LOGIN PASSWORD '\(DBClusterConfig.monitorUser.password)';
        GRANT pg_monitor TO \(DBClusterConfig.monitorUser.name);
        CREATE ROLE \(DBClusterConfig.appUser.name) LOGIN PASSWORD '\(DBClusterConfig.appUser.password)';
        CREATE TABLE lab_writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), source text);
        CREATE TABLE lab_locks (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);
        INSERT INTO lab_locks (id) VALUES (1), (2);
        GRANT SELECT, INSERT, UPDATE ON lab_writes, lab_locks TO \(DBClusterConfig.appUser.name);
        GRANT USAGE ON SEQUENCE lab_writes_id_seq TO \(DBClusterConfig.appUser.name);
        """

    // MARK: - Waiting

    /// `poll(_:until:every:_:)` with a deadline `timeout` from now.
    @discardableResult
    func poll<T>(_ what: String, timeout: Duration, every: Duration = .milliseconds(100),
                 _ probe: () throws -> T?) async throws -> T {
        try await poll(what, until: ContinuousClock.now + timeout, every: every, probe)
    }

    /// Polls `probe` every `every` until it returns a value or `deadline` passes. A probe that throws
    /// counts as "not yet"; its last error goes into the timeout's message, with the logs' tails.
    @discardableResult
    func poll<T>(_ what: String, until deadline: ContinuousClock.Instant, every: Duration = .milliseconds(100),
                 _ probe: () throws -> T?) async throws -> T {
        var lastError: Error?
        while true {
            do {
                if let value = try probe() { return value }
            } catch {
                lastError = error
            }
            guard ContinuousClock.now < deadline else {
                throw LabError.timedOut(what + (lastError.map { " (last error: \($0))" } ?? "") + "\n" + logTails())
            }
            try await Task.sleep(for: every)
        }
    }

    /// The last lines of every running daemon's log, for failure messages.
    func logTails(maxBytes: Int = 600) -> String {
        nodes.flatMap { node in
            [("etcd", node.etcd), ("patroni", node.patroni), ("haproxy", node.haproxy)].compactMap { daemon, process in
                process.map { "--- \(node.name) \(daemon) (\($0.isRunning ? "running" : "exited")):\n\($0.logTail(maxBytes: maxBytes))" }
            }
        }.joined(separator: "\n")
    }
}
#endif
