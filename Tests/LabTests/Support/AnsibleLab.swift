#if os(Linux)
import Foundation

/// The Ansible side of the operations benchmark: the two pairs as users run them without nodeagent —
/// keepalived alone (MASTER 101 / BACKUP 100, `vrrp_script` on the service, interval 1, fall 2,
/// rise 1, preempting) with the stand-in service on every member — plus an sshd in each member's
/// namespace, and a controller namespace (`ctl`) that runs `ansible-playbook` over ssh, as an
/// operator's workstation would. The VIP clients run in db1, as in the agent lab.
///
/// sshd runs as root in the member's namespace on the member's address only, with a host key and an
/// authorized key generated for this run in the lab's directory. keepalived is started by the lab,
/// then stopped and started by the playbook through `keepalived-ctl.sh NODE start|stop`, which stands
/// in for `systemctl start|stop keepalived` (no systemd here): foreground keepalived under setsid,
/// stopped with SIGTERM and waited for.
///
/// Teardown: keepalived through its script, then every process left in the namespaces this lab
/// created (ssh multiplexing masters, sshd sessions, a keepalived the playbook started), then the lab.
final class AnsibleLab {
    static let nodeNames = ["app1", "app2", "int1", "int2", "db1", "ctl"]
    static let app = LabVIPGroup(name: "app", instance: "APP", vip: "198.18.0.100", virtualRouterID: 51,
                                 members: [.init(name: "app1", priority: 101), .init(name: "app2", priority: 100)])
    static let int = LabVIPGroup(name: "int", instance: "INT", vip: "198.18.0.101", virtualRouterID: 52,
                                 members: [.init(name: "int1", priority: 101), .init(name: "int2", priority: 100)])
    static let groups = [app, int]
    static let port = 8080

    let lab: Lab
    let ansiblePlaybook: String
    let controller: LabNode
    private(set) var services: [String: HTTPService] = [:]
    private(set) var samplers: [String: VIPSampler] = [:]
    private var firstKeepalived: [LaunchedProcess] = []
    private var stopped = false

    var controlScript: String { lab.directory + "/keepalived-ctl.sh" }
    var playbookPath: String { lab.directory + "/pairs-update.yml" }
    var configPath: String { lab.directory + "/ansible.cfg" }
    private var controlDirectory: String { lab.directory + "/cp" }

    /// `ansiblePlaybook`: the absolute path of ansible-playbook (ansible-core from PyPI, in a venv).
    init(ansiblePlaybook: String) throws {
        self.ansiblePlaybook = ansiblePlaybook
        lab = try Lab(nodeNames: AnsibleLab.nodeNames)
        do {
            controller = try lab.node("ctl")
            try writeFiles()
        } catch {
            lab.stop()
            throw error
        }
    }

    var members: [String] { AnsibleLab.groups.flatMap(\.memberNames) }

    /// Starts services, samplers, keepalived and sshd, and waits until app1 and int1 hold their VIPs
    /// and every sshd answers a plain ssh from the controller.
    func start() async throws {
        for name in members {
            let service = try HTTPService(lab: lab, node: try lab.node(name), port: AnsibleLab.port)
            try service.start()
            services[name] = service
        }
        for group in AnsibleLab.groups {
            let sampler = try VIPSampler(vip: group.vip, nodes: lab.nodes)
            try sampler.start()
            samplers[group.name] = sampler
        }
        for name in members {
            // Started as the lab starts any long-running process, not through the control script: a
            // keepalived forked off a script run through Command.run kept its output pipe open, and
            // Command.run never returned.
            // The playbook's restarts go through the script, from sshd.
            let node = try lab.node(name)
            let base = lab.directory + "/\(name)-keepalived"
            firstKeepalived.append(try lab.launch(in: node, [try Command.resolve("keepalived"), "-n", "-P", "-l", "-D", "-G",
                                                             "-f", base + ".conf", "-p", base + ".pid", "-r", base + "-vrrp.pid"],
                                                  logName: "\(name)-keepalived.log"))
            let deadline = ContinuousClock.now + .seconds(5)
            while !keepalivedRunning(name) {
                guard ContinuousClock.now < deadline else { throw LabError.timedOut("keepalived to start on \(name)") }
                try await Task.sleep(for: .milliseconds(10))
            }
            // Daemonized (no -D), through Command.run, never as a LaunchedProcess: sshd closes every
            // descriptor above stderr at start, and a foreground sshd under Foundation's Process left
            // Foundation blocked waiting for it, so that no other child of the test was reaped again
            // (ansible-playbook and keepalived stayed zombies, Command.run hung). Stopped by its PidFile.
            try lab.run(in: node, [try Command.resolve("sshd"), "-f", lab.directory + "/\(name)-sshd.conf",
                                   "-E", lab.directory + "/\(name)-sshd.log"], timeout: .seconds(10)).check()
        }
        // Ready once each sshd says in its log that it listens.
        for name in members {
            let log = lab.directory + "/\(name)-sshd.log"
            let deadline = ContinuousClock.now + .seconds(10)
            while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("Server listening") {
                guard ContinuousClock.now < deadline else { throw LabError.timedOut("sshd to listen on \(name)") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        try await waitUntilSettled()
    }

    /// Waits until each pair's MASTER (app1, int1) alone has held its VIP for a second.
    func waitUntilSettled(timeout: Duration = .seconds(30)) async throws {
        for group in AnsibleLab.groups {
            let sampler = try sampler(group)
            let master = group.members[0].name
            let deadline = ContinuousClock.now + timeout
            while true {
                let start = try await sampler.waitFor("\(master) alone holding \(group.vip)", timeout: deadline - .now) { $0 == [master] }
                let end = try await sampler.waitFor("a second more", since: start.at + .seconds(1), timeout: .seconds(3)) { _ in true }
                if sampler.timeline.samples.allSatisfy({ $0.at < start.at || $0.at > end.at || $0.holders == [master] }) { break }
                guard ContinuousClock.now < deadline else { throw LabError.timedOut("\(master) to hold \(group.vip) steadily") }
            }
        }
    }

    func sampler(_ group: LabVIPGroup) throws -> VIPSampler {
        guard let sampler = samplers[group.name] else { throw LabError.invalidRequest("no sampler for \(group.name)") }
        return sampler
    }

    func service(_ name: String) throws -> HTTPService {
        guard let service = services[name] else { throw LabError.invalidRequest("no HTTP service on \(name)") }
        return service
    }

    /// Whether keepalived runs on `name` (its pid file names a live keepalived with this config).
    func keepalivedRunning(_ name: String) -> Bool {
        guard let pid = Self.pid(in: lab.directory + "/\(name)-keepalived.pid") else { return false }
        return isOurKeepalived(pid, name)
    }

    // MARK: - Running the playbook

    /// Starts `ansible-playbook -v` on the controller, updating to `version`, logging to `logName`.
    func launchPlaybook(version: String, logName: String) throws -> LaunchedProcess {
        try lab.launch(in: controller, [ansiblePlaybook, "-v", playbookPath, "-e", "version=\(version)"], logName: logName,
                       environment: ["ANSIBLE_CONFIG": configPath, "ANSIBLE_HOME": lab.directory + "/ansible-home",
                                     "ANSIBLE_NOCOLOR": "1", "PYTHONUNBUFFERED": "1", "LC_ALL": "C.UTF-8"])
    }

    /// Kills the controller as a crash of the operator's machine would: ansible-playbook and every
    /// process in the controller's namespace (its workers, ssh clients and ssh multiplexing masters,
    /// all started by this run).
    func killController(_ playbook: LaunchedProcess) {
        let victims = Self.descendants(of: playbook.pid) + [playbook.pid] + pids(in: controller.namespace)
        for pid in victims { kill(pid, SIGKILL) }
    }

    private func pids(in namespace: String) -> [pid_t] {
        let output = (try? Command.run(["ip", "netns", "pids", namespace], timeout: .seconds(5)))?.output ?? ""
        return output.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Whether `pid` has ended (gone, or a zombie nobody reaped yet). The lab's processes here are
    /// watched through /proc rather than Foundation's `Process.isRunning`: in this lab Foundation
    /// stopped reaping (ansible-playbook and keepalived left as zombies, `isRunning` true for minutes).
    static func hasExited(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// Waits until `process` has ended (see `hasExited`); false when it still runs after `limit`.
    static func waitForExit(_ process: LaunchedProcess, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !hasExited(process.pid) {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// All processes whose parent chain leads to `root` (read from /proc, at this instant).
    static func descendants(of root: pid_t) -> [pid_t] {
        var parent: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = pid_t(fields[1]) { parent[pid] = ppid }
        }
        return parent.keys.filter { pid in
            var current = pid
            for _ in 0..<64 {
                guard let up = parent[current], up > 1 else { return false }
                if up == root { return true }
                current = up
            }
            return false
        }
    }

    // MARK: - Teardown

    func stop() {
        guard !stopped else { return }
        stopped = true
        samplers.values.forEach { $0.stop() }
        if let keep = ProcessInfo.processInfo.environment["LAB_KEEP_LOGS"], !keep.isEmpty {
            keepLogs(in: keep + "/" + lab.tag)
        }
        for name in members {
            if let node = try? lab.node(name) {
                _ = try? lab.run(in: node, ["/bin/sh", controlScript, name, "stop"], timeout: .seconds(10))
            }
        }
        for process in firstKeepalived where !Self.hasExited(process.pid) { process.stop(grace: .seconds(2)) }
        for name in members {
            guard let pid = Self.pid(in: lab.directory + "/\(name)-sshd.pid"),
                  let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  String(decoding: data, as: UTF8.self).contains(lab.directory + "/\(name)-sshd.conf") else { continue }
            kill(pid, SIGTERM)
        }
        sweepNamespaces()
        lab.stop()
    }

    deinit { stop() }

    /// Every process still inside a namespace of this lab was started by this run (an sshd session,
    /// a keepalived the playbook started): SIGTERM, then SIGKILL what is left after 2 s.
    private func sweepNamespaces() {
        func pids() -> [pid_t] { lab.liveNamespaces.flatMap { self.pids(in: $0) } }
        let left = pids()
        guard !left.isEmpty else { return }
        for pid in left { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(2)
        while !pids().isEmpty, ContinuousClock.now < deadline { usleep(50_000) }
        for pid in pids() { kill(pid, SIGKILL) }
    }

    private func keepLogs(in directory: String) {
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              let names = try? manager.contentsOfDirectory(atPath: lab.directory) else { return }
        for name in names where name.hasSuffix(".log") || name.hasSuffix(".conf") || name.hasSuffix(".yml") || name.hasSuffix(".ini") || name.hasSuffix(".cfg") {
            try? manager.copyItem(atPath: lab.directory + "/" + name, toPath: directory + "/" + name)
        }
    }

    private func isOurKeepalived(_ pid: pid_t, _ name: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: data, as: UTF8.self).contains(lab.directory + "/\(name)-keepalived.conf")
    }

    private static func pid(in path: String) -> pid_t? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return pid_t(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: - Files

    /// ssh options for the controller: this run's key and known hosts only.
    var sshOptions: [String] {
        ["-i", lab.directory + "/controller-key", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
         "-o", "UserKnownHostsFile=" + lab.directory + "/known_hosts", "-o", "StrictHostKeyChecking=yes"]
    }

    private func writeFiles() throws {
        let directory = lab.directory
        try FileManager.default.createDirectory(atPath: controlDirectory, withIntermediateDirectories: true)
        // sshd refuses to start without its privilege-separation directory (Debian: /run/sshd).
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try Command.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lab controller \(lab.tag)",
                         "-f", directory + "/controller-key"]).check()
        let authorized = try String(contentsOfFile: directory + "/controller-key.pub", encoding: .utf8)
        try write(authorized, to: directory + "/authorized_keys")
        var knownHosts = ""
        let curl = try Command.resolve("curl")
        for group in AnsibleLab.groups {
            for (offset, member) in group.members.enumerated() {
                let node = try lab.node(member.name)
                let key = directory + "/\(node.name)-host-key"
                try Command.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lab \(node.name) \(lab.tag)", "-f", key]).check()
                let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
                knownHosts += "\(node.address) \(publicKey)\n"
                try write("""
                    ListenAddress \(node.address)
                    Port 22
                    HostKey \(key)
                    PidFile \(directory)/\(node.name)-sshd.pid
                    AuthorizedKeysFile \(directory)/authorized_keys
                    PermitRootLogin prohibit-password
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    UsePAM no
                    StrictModes no
                    Subsystem sftp internal-sftp

                    """, to: directory + "/\(node.name)-sshd.conf")
                var settings = KeepalivedSettings(priority: member.priority, check: .init(url: "http://\(node.address):\(AnsibleLab.port)/"))
                settings.initialState = offset == 0 ? .master : .backup
                settings.instance = group.instance
                settings.virtualRouterID = group.virtualRouterID
                settings.vip = group.vip
                let config = try KeepalivedConfig.render(settings, routerID: node.name, interface: node.interface, curl: curl)
                try write(config, to: directory + "/\(node.name)-keepalived.conf")
            }
        }
        try write(knownHosts, to: directory + "/known_hosts")
        try write(Self.controlScriptText(keepalived: try Command.resolve("keepalived")), to: controlScript)
        try write(inventory(), to: directory + "/inventory.ini")
        try write("""
            [defaults]
            inventory = \(directory)/inventory.ini
            gathering = explicit
            retry_files_enabled = False
            remote_tmp = \(directory)/ansible-remote
            local_tmp = \(directory)/ansible-local
            interpreter_python = /usr/bin/python3
            forks = 5
            [ssh_connection]
            pipelining = True
            control_path_dir = \(controlDirectory)
            ssh_args = -o ControlMaster=auto -o ControlPersist=60s \(sshOptions.joined(separator: " "))

            """, to: configPath)
        try write(Self.playbook, to: playbookPath)
    }

    private func inventory() throws -> String {
        var lines = ["[pairs]"]
        // The standby of each pair first (keepalived preempts, so the BACKUP is the standby), then its MASTER.
        for group in AnsibleLab.groups {
            let master = try lab.node(group.members[0].name)
            for member in group.members.reversed() {
                let node = try lab.node(member.name)
                let peer = try lab.node(try group.peer(of: member.name))
                lines.append("\(node.name) ansible_host=\(node.address) vip=\(group.vip) peer_address=\(peer.address) master_address=\(master.address)")
            }
        }
        lines += ["", "[pairs:vars]", "ansible_user=root", "lab_dir=\(lab.directory)", "port=\(AnsibleLab.port)", ""]
        return lines.joined(separator: "\n")
    }

    private func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw LabError.invalidRequest("cannot write \(path)")
        }
    }

    /// `systemctl start|stop keepalived` for a lab node: keepalived runs in the foreground under setsid
    /// (as systemd runs it, `--dont-fork`), logging to the lab's directory; stop is SIGTERM (keepalived
    /// sends priority 0 and drops its VIPs) and waits until both its processes have gone.
    static func controlScriptText(keepalived: String) -> String {
        """
        #!/bin/sh
        # keepalived-ctl.sh NODE start|stop: stands in for `systemctl start|stop keepalived` on a lab node.
        set -eu
        dir=$(dirname "$0"); node=$1
        conf=$dir/$node-keepalived.conf; pid=$dir/$node-keepalived.pid; vrrp=$dir/$node-keepalived-vrrp.pid
        running() { p=$(cat "$1" 2>/dev/null) || return 1; [ -n "$p" ] && tr '\\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$conf"; }
        case "$2" in
          stop)
            running "$pid" || exit 0
            kill -TERM "$(cat "$pid")"
            i=0; while running "$pid" || running "$vrrp"; do i=$((i+1)); [ $i -le 500 ] || exit 1; sleep 0.01; done ;;
          start)
            running "$pid" && exit 0
            setsid \(keepalived) -n -P -l -D -G -f "$conf" -p "$pid" -r "$vrrp" >> "$dir/$node-keepalived.log" 2>&1 < /dev/null &
            i=0; until running "$vrrp"; do i=$((i+1)); [ $i -le 500 ] || exit 1; sleep 0.01; done ;;
          *) echo "usage: $0 NODE start|stop" >&2; exit 2 ;;
        esac

        """
    }

    /// The update of both pairs as an operator would write it for Ansible, with the same four steps as
    /// nodeagent's plan (`OperationLabTests.plan`): one node at a time (`serial: 1`), the standby of
    /// each pair first (the inventory's order). The "unconditional master" part is done the way the
    /// operators' scripts move a VIP: keepalived is stopped on the node before it is worked on (it
    /// sends priority 0, so the peer takes the VIP at once), and the playbook waits until the VIP
    /// answers from the peer. After the steps the same health gate as the plan's (the service answers,
    /// and still does 1 s later), then keepalived is started again; it preempts, so the VIP goes back
    /// to the pair's MASTER, which the playbook waits for before the next node (nodeagent's
    /// `hand_back = "return"`). Tuned as a careful operator would: no fact gathering, ssh pipelining
    /// and ControlPersist (ansible.cfg).
    static let playbook = """
        - name: update both pairs, one node at a time
          hosts: pairs
          serial: 1
          order: inventory
          gather_facts: false
          any_errors_fatal: true
          vars:
            flag: "{{ lab_dir }}/{{ inventory_hostname }}-http-failing"
          tasks:
            - name: "vip: hand the VIP to the peer (stop keepalived here)"
              ansible.builtin.command: /bin/sh {{ lab_dir }}/keepalived-ctl.sh {{ inventory_hostname }} stop
            - name: "vip: wait until the VIP answers from the peer"
              ansible.builtin.uri:
                url: "http://{{ vip }}:{{ port }}/"
                return_content: true
                timeout: 1
              delegate_to: localhost
              register: answer
              until: ("ok " ~ peer_address ~ " ") in (answer.content | default(""))
              retries: 50
              delay: 0.1
            - name: "step: stop"
              ansible.builtin.command: /usr/bin/touch {{ flag }}
            - name: "step: backup"
              ansible.builtin.shell: cp {{ flag }}-version {{ flag }}-backup 2>/dev/null || echo v1 > {{ flag }}-backup
            - name: "step: replace"
              ansible.builtin.shell: echo {{ version }} > {{ flag }}-version
            - name: "step: start"
              ansible.builtin.command: /bin/rm -f {{ flag }}
            - name: "gate: the service answers"
              ansible.builtin.uri:
                url: "http://{{ ansible_host }}:{{ port }}/"
                timeout: 2
              delegate_to: localhost
              register: health
              until: health.status == 200
              retries: 100
              delay: 0.1
            - name: "gate: hold 1 s"
              ansible.builtin.pause:
                seconds: 1
            - name: "gate: still answering"
              ansible.builtin.uri:
                url: "http://{{ ansible_host }}:{{ port }}/"
                timeout: 2
              delegate_to: localhost
            - name: "vip: back into the pair (start keepalived)"
              ansible.builtin.command: /bin/sh {{ lab_dir }}/keepalived-ctl.sh {{ inventory_hostname }} start
            - name: "vip: wait until the VIP answers from the pair's MASTER"
              ansible.builtin.uri:
                url: "http://{{ vip }}:{{ port }}/"
                return_content: true
                timeout: 1
              delegate_to: localhost
              register: answer
              until: ("ok " ~ master_address ~ " ") in (answer.content | default(""))
              retries: 50
              delay: 0.1

        """
}
#endif
