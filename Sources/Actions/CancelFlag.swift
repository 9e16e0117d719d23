import Foundation

/// A flag set by a task's cancellation handler and polled by a probe blocked in POSIX calls on its
/// own thread, which cannot see the task's cancellation itself.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
