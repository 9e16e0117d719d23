/// The origin's side of one transfer to one target, as a pure state machine: messages and time in,
/// effects out. Resumes after a broken connection from what the target says it has, never re-sends
/// what was acknowledged, and ends either stored (the target checked the hash) or failed with a reason.
public struct ArtifactSender: Sendable {
    public enum Phase: Hashable, Sendable {
        /// Offered; waiting for the target to say how much it has.
        case offering
        case sending
        /// Everything sent and acknowledged; waiting for the target's hash check.
        case verifying
        case stored
        case failed(String)
    }

    public let id: TransferID
    public let manifest: ArtifactManifest
    public let settings: ArtifactSenderSettings
    public private(set) var phase: Phase = .offering
    /// Bytes the target has acknowledged as written.
    public private(set) var acknowledged: Int64 = 0
    /// The next byte to send.
    private var next: Int64 = 0
    private var lastProgress: Duration
    private var offersWithoutProgress = 0

    public init(id: TransferID, manifest: ArtifactManifest, settings: ArtifactSenderSettings = ArtifactSenderSettings(), now: Duration) {
        self.id = id
        self.manifest = manifest
        self.settings = settings
        lastProgress = now
    }

    public var isFinished: Bool {
        switch phase {
        case .stored, .failed: true
        case .offering, .sending, .verifying: false
        }
    }

    public mutating func start(now: Duration) -> [ArtifactSenderEffect] {
        offer(now: now)
    }

    /// The target has `bytes` of the file already (its partial file after a break, or all of it).
    public mutating func onHave(_ bytes: Int64, now: Duration) -> [ArtifactSenderEffect] {
        guard phase == .offering else { return [] }
        guard (0...manifest.size).contains(bytes) else { return fail("the target claims \(bytes) of \(manifest.size) bytes") }
        if bytes > acknowledged { offersWithoutProgress = 0 }
        acknowledged = bytes
        next = bytes
        lastProgress = now
        phase = .sending
        return fill()
    }

    public mutating func onAck(_ received: Int64, now: Duration) -> [ArtifactSenderEffect] {
        guard phase == .sending, received > acknowledged, received <= next else { return [] }
        acknowledged = received
        lastProgress = now
        offersWithoutProgress = 0
        return fill()
    }

    public mutating func onStored() -> [ArtifactSenderEffect] {
        guard !isFinished else { return [] }
        phase = .stored
        acknowledged = manifest.size
        return [.stored(id)]
    }

    public mutating func onRefused(_ reason: String) -> [ArtifactSenderEffect] {
        guard !isFinished else { return [] }
        return fail(reason)
    }

    /// A chunk could not be handed to the connection (the target is not connected): offer again at
    /// the next stall check rather than at once, so a flapping link is not hammered.
    public mutating func onSendFailed(now: Duration) -> [ArtifactSenderEffect] {
        guard phase == .sending else { return [] }
        next = acknowledged
        phase = .offering
        return []
    }

    public mutating func onTick(now: Duration) -> [ArtifactSenderEffect] {
        guard !isFinished, now - lastProgress >= settings.stallTimeout else { return [] }
        return offer(now: now)
    }

    private mutating func offer(now: Duration) -> [ArtifactSenderEffect] {
        offersWithoutProgress += 1
        guard offersWithoutProgress <= settings.maxOffers else {
            return fail("no progress after \(settings.maxOffers) offers, \(acknowledged) of \(manifest.size) bytes acknowledged "
                + "(the target is down or unreachable, or runs an agent too old to take artifacts)")
        }
        phase = .offering
        next = acknowledged
        lastProgress = now
        return [.offer(id, manifest)]
    }

    private mutating func fill() -> [ArtifactSenderEffect] {
        var effects: [ArtifactSenderEffect] = []
        let windowEnd = acknowledged + Int64(settings.chunkBytes * settings.window)
        while next < manifest.size, next < windowEnd {
            let count = Int(min(Int64(settings.chunkBytes), manifest.size - next))
            effects.append(.send(id, offset: next, count: count))
            next += Int64(count)
        }
        if next >= manifest.size, acknowledged >= manifest.size { phase = .verifying }
        return effects
    }

    private mutating func fail(_ reason: String) -> [ArtifactSenderEffect] {
        phase = .failed(reason)
        return [.failed(id, reason: reason)]
    }
}
