#if os(Linux)
import Foundation
import Synchronization

/// Watches, every 20 ms, which of a pair's stand-in services are out of service — their flag file
/// exists, so they answer 503 — and records the longest stretch in which every member of a group was
/// out at once: the operations' promise is that this never happens. Reads files only (no process per
/// sample), on its own thread, so it costs next to nothing beside the fleet.
final class ServiceWatch: Sendable {
    /// A group and its members' flag files.
    struct Group: Sendable {
        var name: String
        var flags: [String: String]
    }

    let groups: [Group]
    let period: Duration
    private let state = Mutex(State())

    private struct State: Sendable {
        var running = false
        var stopRequested = false
        var finished = false
        var samples = 0
        /// Per group: since when every member has been out (nil: one is in service).
        var allOutSince: [String: ContinuousClock.Instant] = [:]
        var longestAllOut: [String: Duration] = [:]
        /// Per node: how many samples found it out of service.
        var outSamples: [String: Int] = [:]
    }

    init(groups: [Group], period: Duration = .milliseconds(20)) {
        self.groups = groups
        self.period = period
    }

    /// The app and int pairs of an agent lab.
    convenience init(_ fleet: AgentLab) throws {
        try self.init(groups: fleet.groups.map { group in
            Group(name: group.name, flags: try Dictionary(uniqueKeysWithValues: group.memberNames.map { ($0, try fleet.service($0).flagFile) }))
        })
    }

    func start() {
        let began = state.withLock { state -> Bool in
            guard !state.running else { return false }
            state.running = true
            return true
        }
        guard began else { return }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopRequested }) {
                sample(at: .now)
                Thread.sleep(forTimeInterval: period.seconds)
            }
            state.withLock { $0.finished = true }
        }
        thread.name = "service-watch"
        thread.start()
    }

    /// Stops watching (waiting up to a second for the thread); a stretch still open is closed now.
    func stop() {
        state.withLock { $0.stopRequested = true }
        let deadline = ContinuousClock.now + .seconds(1)
        while !state.withLock({ $0.finished || !$0.running }), ContinuousClock.now < deadline { usleep(5_000) }
        let now = ContinuousClock.now
        state.withLock { state in
            for (group, since) in state.allOutSince { state.longestAllOut[group] = max(state.longestAllOut[group] ?? .zero, now - since) }
            state.allOutSince.removeAll()
        }
    }

    private func sample(at now: ContinuousClock.Instant) {
        let out = groups.map { group in group.flags.filter { FileManager.default.fileExists(atPath: $0.value) }.map(\.key) }
        state.withLock { state in
            state.samples += 1
            for (group, outNodes) in zip(groups, out) {
                for node in outNodes { state.outSamples[node, default: 0] += 1 }
                if outNodes.count == group.flags.count {
                    if state.allOutSince[group.name] == nil { state.allOutSince[group.name] = now }
                } else if let since = state.allOutSince.removeValue(forKey: group.name) {
                    state.longestAllOut[group.name] = max(state.longestAllOut[group.name] ?? .zero, now - since)
                }
            }
        }
    }

    /// The longest stretch in which every member of `group` was out of service (zero: never).
    func longestAllOut(_ group: String) -> Duration {
        state.withLock { state in
            let open = state.allOutSince[group].map { ContinuousClock.now - $0 } ?? .zero
            return max(state.longestAllOut[group] ?? .zero, open)
        }
    }

    /// How long each node was seen out of service, by sample count, and how many samples were taken.
    var summary: String {
        state.withLock { state in
            let nodes = groups.flatMap(\.flags.keys).sorted().map { node in
                "\(node) \(((period * (state.outSamples[node] ?? 0))).formatted)"
            }
            return "out of service (~\(period.formatted) samples, \(state.samples) taken): " + nodes.joined(separator: ", ")
        }
    }
}
#endif
