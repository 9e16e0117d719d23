import Actions
import Config
import Diagnose
import Events
import Foundation
import Gossip
import Journal
import Logging
import Mesh
import PKI
import Quorum
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import UnixSignals
import Wire

/// The daemon: loads its config, joins the mesh over mutual TLS, serves the admin API, tells systemd
/// how it is doing, and shuts down or reloads on signals.
public final class Agent: @unchecked Sendable {
    private let configPath: String
    private let exitWithParent: Bool
    /// The loaded config and certificates: replaced by a reload while admin queries read it.
    private let currentSetup: Mutex<NodeSetup>
    private var setup: NodeSetup { currentSetup.withLock { $0 } }
    /// Coalesces systemd status updates: at most one pending, built from the state when it runs.
    private let statusUpdatePending = Atomic<Bool>(false)
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let mesh: Mesh
    private let notifier = SystemdNotifier()
    private let startedAt = Date()
    private var localAdmin: LocalAdminServer?
    private var gossip: GossipDriver?
    private var quorum: QuorumDriver?
    private var vip: VIPController?
    /// Fleet operations (node side and conductor); nil without a quorum.
    private(set) var operations: OperationsService?
    /// Artifacts of operations: this node's staging directories, and transfers it was asked to make.
    private(set) var artifacts: ArtifactService?
    /// `nodeagent diagnose`: this node's checks, and asking the peers for theirs.
    private(set) var diagnosis: DiagnoseService?
    /// Events with policies: this node's detectors, history and journald entries.
    private(set) var events: EventService?
    /// The clients of the database sampler (`[database]`), closed when the agent stops.
    private var databaseClients: ProbeClients?
    /// `/metrics`: the process's swift-metrics backend and the gauges read at each scrape.
    let metrics = AgentMetrics()
    /// The HTTP API's listeners (`network.http_listen`, `network.http_loopback`).
    private var httpListeners: [any Channel] = []
    private var timers: [RepeatedTask] = []
    private var stopRequested: AsyncStream<String>.Continuation?

    private init(configPath: String, exitWithParent: Bool, setup: NodeSetup, logger: Logger) {
        self.configPath = configPath
        self.exitWithParent = exitWithParent
        currentSetup = Mutex(setup)
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let config = setup.config
        let settings = MeshSettings(
            nodeName: config.node.name, role: config.node.role, agentVersion: AgentVersion.current,
            listenHost: config.network.listen.host, listenPort: config.network.listen.port,
            advertisedAddress: config.network.advertise.description,
            seeds: config.network.seeds.map(\.description),
            maxFrameBytes: config.transport.maxFrameBytes,
            reconnectMinimum: .milliseconds(config.transport.reconnectMinMs),
            reconnectMaximum: .milliseconds(config.transport.reconnectMaxMs),
            handshakeTimeout: .milliseconds(config.transport.handshakeTimeoutMs))
        mesh = Mesh(settings: settings, material: setup.material, revocations: setup.revocations,
                    eventLoop: group.next(), logger: logger)
    }

    /// Runs the agent until SIGTERM/SIGINT (or, with `exitWithParent`, until its parent dies) and
    /// returns the process exit code.
    public static func run(configPath: String, exitWithParent: Bool) async -> Int32 {
        var logger = Logger(label: "nodeagent")
        let setup: NodeSetup
        do {
            setup = try NodeSetup.load(configPath: configPath)
        } catch {
            logger.critical("cannot start: \(error)", metadata: ["event": "start_failed", "reason": "\(error)", "config": "\(configPath)"])
            FileHandle.standardError.write(Data("nodeagent: \(error)\n".utf8))
            return error.exitCode
        }
        logger[metadataKey: "node"] = "\(setup.config.node.name)"
        let agent = Agent(configPath: configPath, exitWithParent: exitWithParent, setup: setup, logger: logger)
        agent.metrics.bootstrap()
        return await agent.run()
    }

    private func run() async -> Int32 {
        let config = setup.config
        logger.info("configuration loaded from \(configPath)", metadata: [
            "event": "config_loaded", "config": "\(configPath)", "role": "\(config.node.role)",
            "listen": "\(config.network.listen)", "seeds": "\(config.network.seeds.count)",
        ])
        do {
            try prepareDataDirectory()
            try await startServices()
        } catch let error as AgentError {
            return await fail(error)
        } catch {
            return await fail(.listen("\(error)"))
        }
        let (stops, continuation) = AsyncStream<String>.makeStream()
        stopRequested = continuation
        // Until the reload service traps SIGHUP, an early one (a `systemctl reload` right after start)
        // must not kill the agent with the signal's default action.
        signal(SIGHUP, SIG_IGN)
        startTimers()
        _ = try? notifier.ready()
        updateSystemdStatus()
        logger.notice("agent started: listening on \(config.network.listen)", metadata: ["event": "agent_started", "pid": "\(getpid())"])
        let services = ServiceGroup(configuration: lifecycleConfiguration(stops: stops))
        do {
            try await services.run()
        } catch {
            logger.error("service group ended with an error: \(error)", metadata: ["event": "agent_lifecycle_failed", "reason": "\(error)"])
        }
        return 0
    }

    /// swift-service-lifecycle runs the agent: SIGTERM and SIGINT start a graceful shutdown (the
    /// agent's ordered stop, bounded in time), SIGHUP reloads, and the agent's own reasons to stop
    /// (its parent exited) end the group the same way.
    private func lifecycleConfiguration(stops: AsyncStream<String>) -> ServiceGroupConfiguration {
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: AgentLifecycle(agent: self, stops: stops), successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "agent"),
                .init(service: HangupReloader(agent: self), serviceName: "reload-on-SIGHUP"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(20)
        configuration.maximumCancellationDuration = .seconds(5)
        return configuration
    }

    /// Asks the agent to stop (from the graceful-shutdown handler or the parent watch).
    func requestStop(_ reason: String) {
        stopRequested?.yield(reason)
    }

    /// The ordered stop, once: the lifecycle service calls it when a stop was asked for.
    func stop(reason: String) async {
        await shutdown(reason: reason)
    }

    private func fail(_ error: AgentError) async -> Int32 {
        logger.critical("cannot start: \(error)", metadata: ["event": "start_failed", "reason": "\(error)"])
        FileHandle.standardError.write(Data("nodeagent: \(error)\n".utf8))
        await localAdmin?.stop()
        await mesh.shutdown()
        try? await group.shutdownGracefully()
        return error.exitCode
    }

    private func prepareDataDirectory() throws(AgentError) {
        let path = setup.config.storage.dataDirectory
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .storage("cannot create the data directory \(path): \(error.localizedDescription)")
        }
    }

    private func startServices() async throws {
        let config = setup.config
        let admin = AgentAdmin(agent: self)
        let driver = GossipDriver(config: config, settings: try GossipDriver.settings(from: config.gossip),
                                  metadata: ownMetadata(), mesh: mesh, logger: logger)
        driver.onChange = { [weak self] in self?.updateSystemdStatus() }
        gossip = driver
        mesh.admin = admin
        mesh.onPeerChange = { [weak self] node, connected in
            if !connected { driver.peerDisconnected(node) }
            self?.updateSystemdStatus()
        }
        let quorum = config.quorum.voters.isEmpty ? nil : try QuorumDriver(config: config, mesh: mesh, logger: logger)
        quorum?.onChange = { [weak self] in self?.updateSystemdStatus() }
        quorum?.advertisedFeatures = { Self.advertisedFeatures(driver.snapshotOnLoop) }
        self.quorum = quorum
        if quorum == nil {
            logger.notice("no quorum.voters configured: this node elects no coordinator", metadata: ["event": "quorum_disabled"])
        }
        if !config.vipGroups.isEmpty {
            guard let quorum else { throw AgentError.config("vip_groups need quorum.voters: only the quorum may grant a VIP") }
            vip = try VIPController(config: config, quorum: quorum, gossip: driver, mesh: mesh, logger: logger)
        }
        let operations = try quorum.map { quorum throws(AgentError) in
            try OperationsService(dataDirectory: config.storage.dataDirectory, me: config.node.name, quorum: quorum, mesh: mesh, logger: logger)
        }
        if let operations, let vip {
            operations.driver.vipView = { vip.reportOnLoop() }
            operations.nodes.health = { vip.healthOnLoop }
        }
        self.operations = operations
        let artifacts = ArtifactService(dataDirectory: config.storage.dataDirectory, me: config.node.name, mesh: mesh, logger: logger)
        operations?.nodes.stagingDirectory = { artifacts.inbox.directory(of: $0) }
        self.artifacts = artifacts
        let diagnosis = DiagnoseService(mesh: mesh) { [weak self] in await self?.diagnosticContext() ?? Agent.emptyContext }
        self.diagnosis = diagnosis
        let events = makeEventService(config: config, gossip: driver, quorum: quorum)
        self.events = events
        mesh.onFrame = { frame, from in
            switch frame.knownKind {
            case .gossip: driver.receive(frame, from: from)
            case .raft: quorum?.receive(frame, from: from)
            case .operation: operations?.receive(frame, from: from)
            case .artifact: artifacts.receive(frame, from: from)
            case .diagnose: diagnosis.receive(frame, from: from)
            case .events: events.receive(frame, from: from)
            default: return
            }
        }
        do {
            try await mesh.start()
            driver.start()
            quorum?.start()
            operations?.start()
            artifacts.start()
            try vip?.start()
            await events.start()
            if let remote = config.network.adminListen { try await mesh.startAdminEndpoint(address: remote.description) }
            try await startHTTP(config)
        } catch {
            throw AgentError.listen("\(error)")
        }
        let local = LocalAdminServer(path: config.network.adminSocket, dispatcher: admin, eventLoop: mesh.eventLoop,
                                     logger: logger, maxFrameBytes: config.transport.maxFrameBytes)
        do {
            try await local.start()
        } catch {
            throw AgentError.listen("\(error)")
        }
        localAdmin = local
    }

    /// The HTTP API on the configured listeners: mutual TLS (`http_listen`) and loopback read-only
    /// (`http_loopback`).
    private func startHTTP(_ config: NodeConfig) async throws {
        guard config.network.httpListen != nil || config.network.httpLoopback != nil else { return }
        let gossip = self.gossip
        let server = HTTPAPIServer(mesh: mesh, sources: .init(
            me: config.node.name,
            isMember: { name in await gossip?.report().members.contains { $0.name == name } ?? false },
            metrics: { [weak self] in await self?.scrape() ?? "" },
            openAPI: HTTPAPIDocument.json), logger: logger)
        if let listen = config.network.httpListen {
            httpListeners.append(try await server.bind(host: listen.host, port: listen.port, tls: setup.material))
        }
        if let loopback = config.network.httpLoopback {
            httpListeners.append(try await server.bind(host: loopback.host, port: loopback.port, tls: nil))
        }
        logger.notice("HTTP API listening", metadata: [
            "event": "http_listening", "https": "\(config.network.httpListen?.description ?? "-")",
            "loopback": "\(config.network.httpLoopback?.description ?? "-")",
        ])
    }

    /// One `/metrics` scrape: the gauges from the drivers' reports, then the registry's text.
    func scrape() async -> String {
        var snapshot = AgentMetrics.Snapshot()
        for member in await gossip?.report().members ?? [] { snapshot.members[member.name] = member.status }
        if let report = await quorum?.report() {
            snapshot.term = report.term
            snapshot.isCoordinator = report.role == "leader"
            snapshot.commitIndex = report.commitIndex
        }
        if let quorum { snapshot.quorumReachable = try? await mesh.eventLoop.submit { quorum.quorumReachable() }.get() }
        snapshot.peersConnected = await mesh.peerStatuses().count
        for group in await vip?.report().groups ?? [] {
            snapshot.groups.append((group.name, group.grantHolder, group.members.filter { $0.holdsAddress == true }.map(\.name),
                                    Dictionary(group.members.map { ($0.name, $0.healthy) }, uniquingKeysWith: { $1 })))
        }
        for report in await operations?.reports(id: nil) ?? [] { snapshot.operations[report.status, default: 0] += 1 }
        snapshot.activeEvents = await events?.activeEvents().count ?? 0
        return metrics.render(snapshot)
    }

    /// The event service: the fleet's own facts read on the event loop each round, the database
    /// sampler when `[database]` names anything to watch, the policy settings from the fleet state.
    private func makeEventService(config: NodeConfig, gossip: GossipDriver, quorum: QuorumDriver?) -> EventService {
        var sampler: DatabaseSampler?
        if !config.database.isEmpty {
            let clients = ProbeClients(eventLoopGroup: group)
            databaseClients = clients
            sampler = DatabaseSampler(targets: Self.databaseTargets(config.database, logger: logger), clients: clients)
        }
        let loop = mesh.eventLoop
        let me = config.node.name
        let vip = self.vip
        // A role check (Patroni leader or replica) says which member may hold a VIP: failing is its
        // normal state on the other members, so it raises no check_failing event.
        let roleChecks = Set(config.checks.compactMap { name, check -> String? in
            if case let .patroni(_, role) = check.probe, role != "healthy" { return name }
            return nil
        })
        return EventService(
            me: me, dataDirectory: config.storage.dataDirectory, database: sampler,
            databaseInterval: .milliseconds(config.database.sampleIntervalMs),
            certificates: [("node", config.tls.cert), ("ca", config.tls.ca)], mesh: mesh, logger: logger,
            settings: { await quorum?.fleetState().eventPolicies ?? [:] },
            nodeFacts: {
                (try? await loop.submit { Self.nodeFacts(me: me, gossip: gossip, quorum: quorum, vip: vip, roleChecks: roleChecks) }.get()) ?? NodeFacts()
            })
    }

    /// On the event loop: what gossip, the quorum and the VIP controller know now.
    private static func nodeFacts(me: String, gossip: GossipDriver, quorum: QuorumDriver?, vip: VIPController?,
                                  roleChecks: Set<String>) -> NodeFacts {
        var facts = NodeFacts()
        facts.isCoordinator = quorum?.isCoordinator ?? false
        facts.quorumReachable = quorum?.quorumReachable()
        for member in gossip.snapshotOnLoop where !member.isSelf {
            facts.members[member.id.name] = member.status.rawValue
        }
        if let vip {
            for group in vip.reportOnLoop().groups {
                facts.groups.append(.init(name: group.name, holders: group.members.filter { $0.holdsAddress == true }.map(\.name),
                                          isMember: group.members.contains { $0.name == me }))
            }
            for (name, state) in vip.healthOnLoop.states where !roleChecks.contains(name) {
                facts.checks[name] = (state.rawValue, "")
            }
        }
        return facts
    }

    static func databaseTargets(_ config: DatabaseConfig, logger: Logger) -> DatabaseTargets {
        var password: String?
        if let file = config.postgresPasswordFile {
            do {
                password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .newlines)
            } catch {
                logger.error("cannot read the PostgreSQL password file \(file): \(error.localizedDescription)",
                             metadata: ["event": "database_password_unreadable", "path": "\(file)"])
            }
        }
        return DatabaseTargets(
            postgres: config.postgres.map { .init(host: $0.host, port: $0.port, user: config.postgresUser, password: password,
                                                  database: config.postgresDatabase) },
            patroniURL: config.patroniURL, patroniMembers: config.patroniMembers, etcdEndpoints: config.etcdEndpoints,
            haproxyHost: config.haproxy?.host, haproxyPort: config.haproxy?.port, haproxyStatsSocket: config.haproxyStatsSocket,
            timeout: .milliseconds(config.timeoutMs))
    }

    /// The watchdog ping and the parent check run on the mesh's event loop, so a stuck loop stops the
    /// pings and systemd restarts the agent.
    private func startTimers() {
        let loop = mesh.eventLoop
        if let interval = notifier.watchdogPingInterval {
            let amount = TimeAmount.nanoseconds(Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
            timers.append(loop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { [notifier] _ in
                _ = try? notifier.watchdog()
            })
        }
        if exitWithParent {
            let parent = getppid()
            timers.append(loop.scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(200)) { [weak self] _ in
                if getppid() != parent { self?.stopRequested?.yield("parent process exited") }
            })
        }
    }

    /// Re-reads the config and certificates; a bad file leaves the running state untouched.
    func reload() async -> Result<String, AgentError> {
        _ = try? notifier.reloading()
        defer { _ = try? notifier.ready() }
        let fresh: NodeSetup
        do {
            fresh = try NodeSetup.load(configPath: configPath)
        } catch {
            logger.error("reload refused: \(error)", metadata: ["event": "config_reload_failed", "reason": "\(error)"])
            return .failure(error)
        }
        let restartNeeded = restartOnlyChanges(from: setup.config, to: fresh.config)
        currentSetup.withLock { $0 = fresh }
        await mesh.reload(material: fresh.material, revocations: fresh.revocations)
        for seed in fresh.config.network.seeds { mesh.addPeer(address: seed.description, name: nil) }
        logger.notice("configuration and certificates reloaded", metadata: [
            "event": "config_reloaded", "config": "\(configPath)",
            "restart_needed_for": "\(restartNeeded.joined(separator: ","))",
        ])
        return .success(restartNeeded.isEmpty ? "reloaded" : "reloaded; restart needed for: \(restartNeeded.joined(separator: ", "))")
    }

    private func restartOnlyChanges(from old: NodeConfig, to new: NodeConfig) -> [String] {
        var keys: [String] = []
        if old.node != new.node { keys.append("node") }
        if old.network.listen != new.network.listen { keys.append("network.listen") }
        if old.network.adminSocket != new.network.adminSocket { keys.append("network.admin_socket") }
        if old.network.adminListen != new.network.adminListen { keys.append("network.admin_listen") }
        if old.storage != new.storage { keys.append("storage.data_dir") }
        return keys
    }

    private func shutdown(reason: String) async {
        _ = try? notifier.stopping()
        logger.notice("agent stopping: \(reason)", metadata: ["event": "agent_stopping", "reason": "\(reason)"])
        for timer in timers { timer.cancel() }
        operations?.stop()
        artifacts?.stop()
        await events?.stop()
        try? await databaseClients?.shutdown()
        await vip?.stop()
        await gossip?.leave()
        await quorum?.stop()
        for listener in httpListeners { try? await listener.close() }
        await mesh.shutdown(reason: "agent stopping: \(reason)")
        await localAdmin?.stop()
        try? await group.shutdownGracefully()
    }

    /// Called on every membership or quorum change (about 20 a second on a busy coordinator): the first
    /// call schedules one update 200 ms later and the calls until then ride along, so systemd gets at
    /// most five ordered updates a second, each describing the state when it is sent.
    private func updateSystemdStatus() {
        guard statusUpdatePending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        mesh.eventLoop.scheduleTask(in: .milliseconds(200)) { [weak self] in
            self?.sendSystemdStatus()
        }
    }

    private func sendSystemdStatus() {
        // Cleared before reading, so a change from here on schedules the next update.
        statusUpdatePending.store(false, ordering: .releasing)
        Task {
            let peers = await mesh.peerStatuses()
            let members = await gossip?.report().members ?? []
            let alive = members.filter { $0.status == "alive" }.count
            var text = "\(alive)/\(members.count) members alive, \(peers.count) peers connected"
            if let report = await quorum?.report() {
                text += "; \(report.role) in term \(report.term), coordinator \(report.coordinator ?? "none")"
            }
            _ = try? notifier.status(text)
        }
    }

    /// What this node publishes about itself in gossip.
    private func ownMetadata() -> MemberMetadata {
        let config = setup.config
        return MemberMetadata(version: 1, values: [
            "role": .string(config.node.role),
            "version": .string(AgentVersion.current),
            "voter": .bool(config.node.voter),
            "features": .strings(FleetFeature.supported.sorted().map(\.name)),
        ])
    }

    /// What each member advertises in gossip's `features` (see `FeatureGate`); members that advertise
    /// nothing are left out and count as `FleetFeature.baseline`.
    static func advertisedFeatures(_ members: [MemberSnapshot]) -> [NodeID: Set<FleetFeature>] {
        var features: [NodeID: Set<FleetFeature>] = [:]
        for member in members {
            guard case let .strings(names) = member.metadata.values["features"] else { continue }
            features[NodeID(member.id.name)] = Set(names.map { FleetFeature($0) })
        }
        return features
    }

    /// The quorum report for the admin API.
    func coordinatorReport() async -> CoordinatorReport? {
        await quorum?.report()
    }

    /// The replicated fleet state; `current` first commits a no-op through the coordinator and waits
    /// until this node has applied it, so the answer includes every command committed before the call.
    func fleetStateReport(current: Bool) async -> Result<FleetStateReport, AgentError> {
        guard let quorum else { return .failure(.config("no quorum.voters configured on this node")) }
        if current {
            switch await quorum.submit(.noop) {
            case let .committed(index, _):
                guard await quorum.waitApplied(index, timeout: .seconds(5)) else {
                    return .failure(.config("committed index \(index) not applied here within 5 s"))
                }
            case let .rejected(reason):
                return .failure(.config("cannot confirm a current read: \(reason)"))
            }
        }
        return .success(FleetStateReport(node: setup.config.node.name, current: current, state: await quorum.fleetState()))
    }

    /// Commits a fleet-state command through the coordinator.
    func submit(_ command: FleetCommand) async -> CommitResult {
        guard let quorum else { return .rejected(reason: "no quorum.voters configured on this node") }
        return await quorum.submit(command)
    }

    /// Commits a command and waits (up to 5 s) until this node has applied it, so a read here right
    /// after shows the change.
    func submitApplied(_ command: FleetCommand) async -> CommitResult {
        let result = await submit(command)
        if case let .committed(index, _) = result, let quorum { _ = await quorum.waitApplied(index, timeout: .seconds(5)) }
        return result
    }

    /// The VIP report for the admin API.
    func vipReport() async -> VIPReport? {
        await vip?.report()
    }

    /// Checks and commits an operator's VIP command.
    func vipCommand(_ command: FleetCommand, group: String, node: String?) async -> CommitResult {
        guard let vip else { return .rejected(reason: "no vip_groups configured on this node") }
        if let problem = vip.validate(group: group, node: node) { return .rejected(reason: problem) }
        let result = await submit(command)
        var metadata: Logger.Metadata = ["event": "vip_command", "command": "\(command)", "group": "\(group)"]
        if let node { metadata["node"] = "\(node)" }
        switch result {
        case let .committed(index, term):
            metadata["index"] = "\(index)"
            metadata["term"] = "\(term)"
            logger.notice("operator command \(command) committed at index \(index), term \(term)", metadata: metadata)
        case let .rejected(reason):
            metadata["reason"] = "\(reason)"
            logger.warning("operator command \(command) refused: \(reason)", metadata: metadata)
        }
        return result
    }

    /// This node's name.
    var nodeName: String { setup.config.node.name }

    /// A query answered by another node, through the mesh (`--node`, `/v1/nodes/{node}/…`).
    func forward(_ request: AdminRequest, to node: String) async -> AdminResponse? {
        await mesh.forward(request, to: node, timeout: HTTPAPIServer.forwardTimeout)
    }

    /// A journald entry on the agent's logger (admin commands record who changed what).
    func logEvent(_ level: Logger.Level, _ message: String, metadata: Logger.Metadata) {
        logger.log(level: level, "\(message)", metadata: metadata)
    }

    /// What the diagnose checks need from the config and the membership: the names to resolve, the
    /// certificates to read, the checks NODEAGENT_DIAGNOSE_SKIP turns off, and the agent's PATH.
    func diagnosticContext() async -> DiagnosticContext {
        let config = setup.config
        let members = await gossip?.report().members.map(\.name) ?? []
        let environment = ProcessInfo.processInfo.environment
        return DiagnosticContext(node: config.node.name, role: config.node.role, memberNames: members + [config.node.name],
                                 certificatePath: config.tls.cert, keyPath: config.tls.key, caPath: config.tls.ca,
                                 skip: DiagnosticContext.skipList(environment[DiagnosticContext.skipVariable]), path: environment["PATH"])
    }

    /// Only while the agent is going away: the checks then report their files unreadable.
    private static let emptyContext = DiagnosticContext(node: "", role: "", memberNames: [], certificatePath: "", keyPath: "", caPath: "", path: nil)

    /// The membership report for the admin API.
    func membersReport() async -> MembersReport {
        await gossip?.report() ?? MembersReport(node: setup.config.node.name, snapshot: [], now: .zero)
    }

    /// The status report for the admin API.
    func statusReport() async -> StatusReport {
        let config = setup.config
        return StatusReport(
            node: config.node.name, role: config.node.role, voter: config.node.voter,
            address: config.network.advertise.description, agentVersion: AgentVersion.current, pid: getpid(),
            startedAt: startedAt, seeds: config.network.seeds.map(\.description), peers: await mesh.peerStatuses())
    }
}
