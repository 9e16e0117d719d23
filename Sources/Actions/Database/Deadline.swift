import Synchronization

/// Runs an operation with a time limit and returns nil when the limit passes first. The operation is
/// cancelled then but not waited for: a database that stopped answering must not stall the sampler
/// for as long as its TCP connection takes to die.
enum Deadline {
    static func run<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let once = Once<T?>()
        return await withCheckedContinuation { continuation in
            let work = Task {
                let value = await operation()
                once.finish(value, continuation)
            }
            Task {
                try? await Task.sleep(for: limit)
                if once.finish(nil, continuation) { work.cancel() }
            }
        }
    }

    /// Resumes a continuation exactly once, whichever side gets there first.
    private final class Once<Value: Sendable>: Sendable {
        private let done = Mutex(false)

        @discardableResult
        func finish(_ value: Value, _ continuation: CheckedContinuation<Value, Never>) -> Bool {
            let first = done.withLock { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(returning: value) }
            return first
        }
    }
}
