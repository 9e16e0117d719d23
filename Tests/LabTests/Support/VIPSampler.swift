#if os(Linux)
import Foundation
import Synchronization

/// Watches which namespaces hold the VIP, every `period` (10 ms by default), and records a timeline.
///
/// Spawning `ip -n NS addr` per namespace costs milliseconds each, too slow for a 10 ms period, so the
/// sampler reads the interfaces in-process instead: a dedicated thread enters each namespace with
/// setns(2) (which moves only the calling thread) and lists its addresses with getifaddrs(3), then
/// returns to its own namespace. Each sample records when it started and how long it took, and the
/// timeline reports the real gaps, so the figures never claim more precision than they had.
final class VIPSampler: Sendable {
    let vip: String
    let nodes: [LabNode]
    let period: Duration

    private let state = Mutex(SamplerState())

    private struct SamplerState: Sendable {
        var timeline = VIPTimeline()
        var running = false
        var stopRequested = false
        var finished = false
        var failure: String?
    }

    /// The most samples kept (about 30 min at 10 ms); a runaway sampler stops rather than eat memory.
    static let maxSamples = 180_000

    init(vip: String, nodes: [LabNode], period: Duration = .milliseconds(10)) throws {
        guard KeepalivedConfig.isLabAddress(vip) else {
            throw LabError.invalidRequest("VIP \(vip) is not in 198.18.0.0/15")
        }
        guard !nodes.isEmpty, period > .zero else {
            throw LabError.invalidRequest("a sampler needs nodes and a positive period")
        }
        self.vip = vip
        self.nodes = nodes
        self.period = period
    }

    /// Starts the sampling thread. Throws when a namespace cannot be opened.
    func start() throws {
        let reader = try NamespaceAddressReader(namespaces: nodes.map(\.namespace), vip: vip)
        let began = state.withLock { state -> Bool in
            guard !state.running else { return false }
            state.running = true
            return true
        }
        guard began else { return }
        let thread = Thread { [self] in
            sample(with: reader)
        }
        thread.name = "vip-sampler"
        thread.start()
    }

    /// Stops sampling (waiting up to a second for the thread) and returns the timeline.
    @discardableResult
    func stop() -> VIPTimeline {
        state.withLock { $0.stopRequested = true }
        let deadline = ContinuousClock.now + .seconds(1)
        while !state.withLock({ $0.finished || !$0.running }), ContinuousClock.now < deadline {
            usleep(2_000)
        }
        return timeline
    }

    /// The timeline so far.
    var timeline: VIPTimeline { state.withLock { $0.timeline } }

    /// Why sampling stopped on its own, if it did.
    var failure: String? { state.withLock { $0.failure } }

    /// Waits (up to `timeout`) for the first sample at or after `since` whose holders satisfy
    /// `condition`, and returns it; throws `LabError.timedOut` naming `what` otherwise.
    func waitFor(_ what: String, since: ContinuousClock.Instant = .now, timeout: Duration,
                 _ condition: @escaping @Sendable ([String]) -> Bool) async throws -> VIPSample {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = state.withLock { $0.timeline.firstSample(since: since, where: condition) }
            if let found { return found }
            if let failure { throw LabError.timedOut("\(what): the sampler failed: \(failure)") }
            if ContinuousClock.now >= deadline {
                let holders = timeline.currentHolders.map { "\($0)" } ?? "no sample"
                throw LabError.timedOut("\(what) within \(timeout) (holders now: \(holders))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: - The sampling thread

    private func sample(with reader: NamespaceAddressReader) {
        defer {
            reader.close()
            state.withLock { $0.finished = true }
        }
        var next = ContinuousClock.now
        while !state.withLock({ $0.stopRequested }) {
            let start = ContinuousClock.now
            let holders: [Bool]
            do {
                holders = try reader.readHolders()
            } catch {
                state.withLock { $0.failure = "\(error)" }
                return
            }
            let sample = VIPSample(at: start, readTime: .now - start,
                                   holders: zip(nodes, holders).filter(\.1).map(\.0.name))
            let full = state.withLock { state -> Bool in
                state.timeline.append(sample)
                return state.timeline.samples.count >= VIPSampler.maxSamples
            }
            if full {
                state.withLock { $0.failure = "more than \(VIPSampler.maxSamples) samples" }
                return
            }
            next += period
            let now = ContinuousClock.now
            if next > now {
                usleep(UInt32(clamping: Int((next - now).seconds * 1_000_000)))
            } else {
                next = now
            }
        }
    }
}
#endif
