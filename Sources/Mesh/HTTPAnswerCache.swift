import NIOConcurrencyHelpers
import NIOCore

/// Answers to read queries of the HTTP API, kept for a short window.
///
/// A control-room wall of dashboards, a Prometheus fleet and a monitoring script can ask every node the
/// same question many times a second; each answer costs a trip through the agent's state and three
/// JSON conversions. Within `window` the same question gets the same answer from memory, answered on
/// the event loop without a task: the figures an operator reads are at most `window` older than
/// gossip and the quorum already make them. A mutation through the API empties the cache, so a client
/// reads its own write.
final class HTTPAnswerCache: Sendable {
    private struct Entry: Sendable {
        var answer: HTTPAPIServer.Answer
        var expires: NIODeadline
    }

    /// How long an answer is reused.
    let window: TimeAmount
    /// The most targets kept (query strings make targets unbounded; the cache must not be).
    static let capacity = 512
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    init(window: TimeAmount) {
        self.window = window
    }

    /// The answer stored for `target` if it is still fresh at `now`.
    func answer(for target: String, now: NIODeadline = .now()) -> HTTPAPIServer.Answer? {
        entries.withLockedValue { entries in
            guard let entry = entries[target], entry.expires > now else { return nil }
            return entry.answer
        }
    }

    func store(_ answer: HTTPAPIServer.Answer, for target: String, now: NIODeadline = .now()) {
        guard window > .zero else { return }
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[target] = Entry(answer: answer, expires: now + window)
        }
    }

    func removeAll() {
        entries.withLockedValue { $0.removeAll(keepingCapacity: true) }
    }
}
