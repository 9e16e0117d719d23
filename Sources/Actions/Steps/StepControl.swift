import Foundation
import Operations
import Synchronization

/// The handle on one running step: who its process group is, and why it was stopped (timeout or
/// cancel), so the result says which. Stopping signals the whole group: SIGTERM, then SIGKILL after
/// a grace period, so a step that ignores SIGTERM, or left children behind, still ends.
final class StepControl: Sendable {
    enum Stop: Sendable, Equatable { case timedOut, cancelled }

    private struct State {
        var group: pid_t?
        /// Run when the step is stopped, besides the signals (a transient unit's `systemctl stop`).
        var onStop: (@Sendable () -> Void)?
        var stop: Stop?
        var exited = false
    }

    private let state = Mutex(State())
    let grace: Duration

    init(grace: Duration = .seconds(2)) {
        self.grace = grace
    }

    var stopReason: Stop? { state.withLock { $0.stop } }

    /// The process is running as the leader of group `pid`. A stop requested before this is applied now.
    func started(group pid: pid_t, onStop: (@Sendable () -> Void)? = nil) {
        let pending = state.withLock { state -> Stop? in
            state.group = pid
            state.onStop = onStop
            return state.stop
        }
        if pending != nil {
            onStop?()
            signalGroup(SIGTERM)
        }
    }

    func exited() {
        state.withLock { $0.exited = true }
    }

    /// Stops the step for `reason` (the first reason wins): SIGTERM to the group now, SIGKILL after
    /// the grace period unless it has exited by then.
    func stop(_ reason: Stop) {
        let first = state.withLock { state -> Bool in
            guard state.stop == nil, !state.exited else { return false }
            state.stop = reason
            return true
        }
        guard first else { return }
        state.withLock { $0.onStop }?()
        signalGroup(SIGTERM)
        let grace = self.grace
        Task { [self] in
            try? await Task.sleep(for: grace)
            if !state.withLock({ $0.exited }) { signalGroup(SIGKILL) }
        }
    }

    /// Every process of the group, the step's children included.
    private func signalGroup(_ signal: Int32) {
        guard let group = state.withLock({ $0.group }), group > 1 else { return }
        _ = kill(-group, signal)
    }
}
