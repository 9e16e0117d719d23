#if os(Linux)
import Foundation

/// One node of the database lab: its files in the lab directory and the three daemons the lab
/// started on it (etcd, Patroni, HAProxy), each remembered by the PID it was given. PostgreSQL is
/// Patroni's child; its postmaster is found through the `postmaster.pid` file of this node's own
/// data directory, and checked to really be a postgres running on that directory.
///
/// Registered with the lab, so the lab's teardown kills everything here even when a test failed.
/// Everything is killed with SIGKILL: nothing in the lab is worth a graceful stop, and graceful stops
/// are slow (etcd takes ~7 s on SIGTERM, a leader's Patroni ~10 s).
final class DBNode: LabService {
    let node: LabNode
    /// Owned by postgres: Patroni's config, the data directory, the socket directory, the pgpass file.
    let directory: String
    /// PostgreSQL's data directory (created by Patroni: initdb on the first leader, a base backup on replicas).
    let dataDirectory: String
    /// This node's own unix socket directory, so three postgres on one machine do not clash.
    let socketDirectory: String
    /// Patroni's YAML config.
    let patroniConfig: String
    /// etcd's data directory (owned by root, as etcd runs as root).
    let etcdDirectory: String
    /// HAProxy's config.
    let haproxyConfig: String
    /// HAProxy's stats socket (`level admin`): `show stat`, `show servers state`, `disable server`…
    let haproxyStatsSocket: String

    var etcd: LaunchedProcess?
    var patroni: LaunchedProcess?
    var haproxy: LaunchedProcess?
    /// How many times each daemon was started, so every run gets its own log file.
    private var starts: [String: Int] = [:]

    var name: String { node.name }

    init(node: LabNode, labDirectory: String) {
        self.node = node
        directory = labDirectory + "/\(node.name)-pg"
        dataDirectory = directory + "/data"
        socketDirectory = directory + "/run"
        patroniConfig = directory + "/patroni.yml"
        etcdDirectory = labDirectory + "/\(node.name)-etcd"
        haproxyConfig = labDirectory + "/\(node.name)-haproxy.cfg"
        haproxyStatsSocket = labDirectory + "/\(node.name)-haproxy.sock"
    }

    /// A fresh log name for the next run of `daemon` ("db1-patroni-2.log").
    func logName(_ daemon: String) -> String {
        let count = (starts[daemon] ?? 0) + 1
        starts[daemon] = count
        return "\(node.name)-\(daemon)-\(count).log"
    }

    /// The PID of this node's running postmaster, or nil: the first line of `postmaster.pid`, trusted
    /// only when that process is alive and runs on this node's data directory (a stale file after a
    /// crash may name a PID since reused by something else).
    var postmasterPID: pid_t? {
        guard let data = FileManager.default.contents(atPath: dataDirectory + "/postmaster.pid"),
              let first = String(decoding: data, as: UTF8.self).split(separator: "\n").first,
              let pid = pid_t(first.trimmingCharacters(in: .whitespaces)),
              ProcessTree.isAlive(pid),
              ProcessTree.commandLine(pid).contains(dataDirectory) else { return nil }
        return pid
    }

    /// The postmaster's live children (checkpointer, walwriter, walreceiver or walsenders, backends).
    var postgresWorkers: [pid_t] {
        guard let postmaster = postmasterPID else { return [] }
        return ProcessTree.children(of: postmaster)
    }

    /// The PID of this node's walreceiver (a replica's streaming process), found among the children of
    /// its postmaster by its process title.
    var walReceiverPID: pid_t? {
        postgresWorkers.first { ProcessTree.commandLine($0).contains("walreceiver") }
    }

    /// Every live PID of this node that the lab started or that descends from its postmaster.
    var livePIDs: [pid_t] {
        var pids = [etcd, patroni, haproxy].compactMap { $0.flatMap { $0.isRunning ? $0.pid : nil } }
        if let postmaster = postmasterPID {
            pids.append(postmaster)
            pids += ProcessTree.children(of: postmaster)
        }
        return pids
    }

    /// SIGKILLs the postmaster and its workers together (as a machine crash would), and waits
    /// (bounded) until they are gone, so a new postmaster never meets the old shared memory.
    func killPostgres() {
        guard let postmaster = postmasterPID else { return }
        let workers = ProcessTree.children(of: postmaster)
        kill(postmaster, SIGKILL)
        workers.forEach { kill($0, SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(3)
        while ([postmaster] + workers).contains(where: ProcessTree.isAlive), ContinuousClock.now < deadline {
            usleep(10_000)
        }
    }

    /// Kills every daemon of this node: HAProxy, Patroni (first, so it restarts nothing), postgres, etcd.
    func stop() {
        haproxy?.crash()
        patroni?.crash()
        killPostgres()
        etcd?.crash()
    }
}
#endif
