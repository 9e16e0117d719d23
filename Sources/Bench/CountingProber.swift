import Actions
import Foundation

/// Counts the probes a benchmark's runner made, so a figure is never read off probes that did not run.
final class CountingProber: HealthProber, @unchecked Sendable {
    let inner: any HealthProber
    private let lock = NSLock()
    private var total = 0
    private var passed = 0

    init(inner: any HealthProber) {
        self.inner = inner
    }

    var counts: (total: Int, passed: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (total, passed)
    }

    func probe(_ kind: ProbeKind, timeout: Duration) async -> ProbeResult {
        let result = await inner.probe(kind, timeout: timeout)
        record(result)
        return result
    }

    private func record(_ result: ProbeResult) {
        lock.lock()
        total += 1
        passed += result.success ? 1 : 0
        lock.unlock()
    }
}
