import Config
import Foundation
import Gossip
import Logging
import Mesh
import NIOCore
import Wire

/// Runs the pure SWIM core over the mesh: a timer feeds it time, the mesh feeds it gossip frames, and
/// its effects become frames to peers and journal events. Confined to the mesh's event loop, like the
/// mesh itself, so the core is never touched from two threads.
final class GossipDriver: @unchecked Sendable {
    private var node: SWIMNode
    private let mesh: Mesh
    private let logger: Logger
    private let origin = NIODeadline.now()
    private var ticker: RepeatedTask?
    /// Called on the event loop after membership changes (for sd_notify status, later the quorum).
    var onChange: (@Sendable () -> Void)?

    init(config: NodeConfig, settings: GossipSettings, metadata: MemberMetadata, mesh: Mesh, logger: Logger) {
        let myself = MemberID(name: config.node.name, address: config.network.advertise.description)
        node = SWIMNode(myself: myself, metadata: metadata, seeds: config.network.seeds.map(\.description),
                        settings: settings, randomSeed: UInt64.random(in: .min ... .max))
        self.mesh = mesh
        self.logger = logger
    }

    /// Gossip settings from the config's `[gossip]` table over the module's defaults.
    static func settings(from tuning: GossipTuning) throws(AgentError) -> GossipSettings {
        var settings = GossipSettings()
        if let value = tuning.probeIntervalMs { settings.probeInterval = .milliseconds(value) }
        if let value = tuning.probeTimeoutMs { settings.probeTimeout = .milliseconds(value) }
        if let value = tuning.indirectChecks { settings.indirectChecks = value }
        if let value = tuning.suspicionMinMs { settings.suspicionMin = .milliseconds(value) }
        if let value = tuning.suspicionMaxMs { settings.suspicionMax = .milliseconds(value) }
        if let value = tuning.gossipIntervalMs { settings.gossipInterval = .milliseconds(value) }
        if let value = tuning.gossipFanout { settings.gossipFanout = value }
        if let value = tuning.retransmitMult { settings.retransmitMultiplier = value }
        if let value = tuning.pushPullIntervalMs { settings.pushPullInterval = .milliseconds(value) }
        if let value = tuning.rejoinIntervalMs { settings.rejoinInterval = .milliseconds(value) }
        do {
            try settings.validate()
        } catch {
            throw .config("gossip: \(error)")
        }
        return settings
    }

    func start() {
        mesh.eventLoop.execute {
            let interval = TimeAmount(self.node.settings.tickInterval)
            self.ticker = self.mesh.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
                self.perform(self.node.onTick(now: self.now))
            }
        }
    }

    /// A gossip frame from an established peer.
    func receive(_ frame: Frame, from name: String) {
        mesh.eventLoop.preconditionInEventLoop()
        do {
            let message = try WireCodec.decode(GossipMessage.self, from: frame)
            let sender = mesh.advertisedAddress(of: name).map { MemberID(name: name, address: $0) }
            perform(node.onMessage(message, from: sender, now: now))
        } catch {
            logger.warning("dropped a malformed gossip message from \(name): \(error)",
                           metadata: ["event": "gossip_malformed", "peer": "\(name)", "reason": "\(error)"])
        }
    }

    /// Announces a graceful leave (peers record `left`, not `dead`) and keeps gossiping for a moment so
    /// the announcement spreads before the connections close.
    func leave() async {
        try? await mesh.eventLoop.submit {
            self.perform(self.node.onLeave(now: self.now))
        }.get()
        try? await Task.sleep(for: .milliseconds(300))
        try? await mesh.eventLoop.submit { self.ticker?.cancel() }.get()
    }

    /// A peer's connection closed or was reset: the core probes it next (a hint, never a verdict).
    func peerDisconnected(_ name: String) {
        mesh.eventLoop.preconditionInEventLoop()
        guard let member = node.snapshot.first(where: { $0.id.name == name && !$0.isSelf }) else { return }
        perform(node.onSendFailed(to: .member(member.id), now: now))
    }

    /// The fleet as this node sees it.
    func report() async -> MembersReport {
        (try? await mesh.eventLoop.submit {
            MembersReport(node: self.node.myself.name, snapshot: self.node.snapshot, now: self.now)
        }.get()) ?? MembersReport(node: "", snapshot: [], now: .zero)
    }

    func updateMetadata(_ metadata: MemberMetadata) {
        mesh.eventLoop.execute { self.perform(self.node.updateMetadata(metadata, now: self.now)) }
    }

    /// Sets some metadata keys (others unchanged) under a new version. Must be called on the event loop.
    func mergeMetadata(_ values: [String: MetadataValue]) {
        mesh.eventLoop.preconditionInEventLoop()
        var metadata = node.metadata
        for (key, value) in values { metadata.values[key] = value }
        metadata.version += 1
        perform(node.updateMetadata(metadata, now: now))
    }

    /// The membership as the core holds it. Must be called on the event loop.
    var snapshotOnLoop: [MemberSnapshot] {
        mesh.eventLoop.preconditionInEventLoop()
        return node.snapshot
    }

    private var now: Duration {
        .nanoseconds((NIODeadline.now() - origin).nanoseconds)
    }

    private func perform(_ effects: [GossipEffect]) {
        var changed = false
        for effect in effects {
            switch effect {
            case let .send(message, destination):
                send(message, to: destination)
            case let .event(event):
                record(event)
                changed = true
            }
        }
        if changed { onChange?() }
    }

    /// Sends over the peer's connection; without one, asks the mesh to dial it and tells the core the send
    /// failed (a hint only: SWIM still needs a failed probe and a suspicion to declare a node dead).
    private func send(_ message: GossipMessage, to destination: Destination) {
        guard let frame = try? WireCodec.frame(.gossip, message) else { return }
        let name: String?
        switch destination {
        case let .member(id): name = id.name
        case let .seed(address): name = mesh.nodeName(at: address)
        }
        if let name, mesh.send(frame, to: name) { return }
        if case let .member(id) = destination {
            mesh.addPeer(address: id.address, name: id.name)
        } else {
            mesh.addPeer(address: destination.address, name: nil)
        }
        perform(node.onSendFailed(to: destination, now: now))
    }

    private func record(_ event: MembershipEvent) {
        let member = event.member
        var metadata: Logger.Metadata = [
            "event": "member_\(event.kind)", "peer": "\(member.name)", "address": "\(member.address)",
            "incarnation": "\(event.incarnation)",
        ]
        if case let .suspected(_, _, suspector) = event { metadata["suspector"] = "\(suspector)" }
        switch event {
        case .joined, .rejoined, .alive:
            mesh.addPeer(address: member.address, name: member.name)
            logger.info("member \(event)", metadata: metadata)
        case .suspected:
            logger.warning("member \(event)", metadata: metadata)
        case .dead:
            logger.error("member \(event)", metadata: metadata)
        case .left:
            logger.notice("member \(event)", metadata: metadata)
        }
    }
}
