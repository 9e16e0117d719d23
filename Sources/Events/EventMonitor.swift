/// All of a node's event detectors: one per policy and subject, made when a subject is first read.
/// Pure, like the detectors: samples, policies and time in, transitions out.
///
/// A batch of samples is a complete round for the policies it names: a subject that had fired and is
/// no longer read in a later round of its policy (a replica that left, a check removed by a reload,
/// a leader that became a replica and no longer reads lag) clears with "no longer reported", so no
/// event stays active for ever because its source went away.
public struct EventMonitor: Sendable {
    /// The policies in effect, by name.
    public private(set) var policies: [String: EventPolicy]
    private var detectors: [Key: EventDetector] = [:]

    private struct Key: Hashable, Sendable, Comparable {
        let policy: String
        let subject: String
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.policy, lhs.subject) < (rhs.policy, rhs.subject) }
    }

    public init(policies: [EventPolicy] = EventCatalogue.all) {
        self.policies = Dictionary(policies.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
    }

    /// A round of readings. Samples of unknown policies are ignored.
    public mutating func onSamples(_ samples: [EventSample], now: Duration) -> [EventTransition] {
        var transitions: [EventTransition] = []
        var read: Set<Key> = []
        for sample in samples {
            guard let policy = policies[sample.policy] else { continue }
            let key = Key(policy: sample.policy, subject: sample.subject)
            read.insert(key)
            var detector = detectors[key] ?? EventDetector(policy: policy, subject: sample.subject)
            if let transition = detector.onReading(sample.reading, now: now) { transitions.append(transition) }
            detectors[key] = detector
        }
        let roundPolicies = Set(samples.map(\.policy))
        for key in detectors.keys.sorted() where roundPolicies.contains(key.policy) && !read.contains(key) {
            var detector = detectors[key]!
            detectors[key] = nil
            if detector.active, let transition = detector.onPolicy(disabled(detector.policy), now: now) {
                transitions.append(EventTransition(kind: .cleared, policy: transition.policy, subject: transition.subject,
                                                   severity: transition.severity, evidence: "no longer reported", at: now))
            }
        }
        return transitions
    }

    /// The fleet's policy settings changed: every detector takes its policy's new values; those of a
    /// policy switched off clear.
    public mutating func onPolicies(_ updated: [EventPolicy], now: Duration) -> [EventTransition] {
        policies = Dictionary(updated.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        var transitions: [EventTransition] = []
        for key in detectors.keys.sorted() {
            guard let policy = policies[key.policy] else { continue }
            if let transition = detectors[key]?.onPolicy(policy, now: now) { transitions.append(transition) }
        }
        return transitions
    }

    /// The events that have fired and not cleared: (policy, subject) pairs, sorted.
    public var active: [(policy: String, subject: String)] {
        detectors.filter(\.value.active).keys.sorted().map { ($0.policy, $0.subject) }
    }

    private func disabled(_ policy: EventPolicy) -> EventPolicy {
        var policy = policy
        policy.enabled = false
        return policy
    }
}
