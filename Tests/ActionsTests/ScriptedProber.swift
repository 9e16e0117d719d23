import Foundation
import Actions

/// A prober whose answers the test decides: call n of a probe kind gets `answer(kind, n)`; nil
/// means "hang until cancelled", like a probe stuck in a system call that ignores its timeout.
final class ScriptedProber: HealthProber, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [ProbeKind: Int] = [:]
    private let answer: @Sendable (ProbeKind, Int) -> Bool?

    init(answer: @escaping @Sendable (ProbeKind, Int) -> Bool?) {
        self.answer = answer
    }

    func probe(_ kind: ProbeKind, timeout: Duration) async -> ProbeResult {
        let call = lock.withLock {
            let call = calls[kind, default: 0]
            calls[kind] = call + 1
            return call
        }
        guard let success = answer(kind, call) else {
            try? await Task.sleep(for: .seconds(60))
            return ProbeResult(success: true, detail: "woke up", duration: .seconds(60))
        }
        return ProbeResult(success: success, detail: "call \(call)", duration: .zero)
    }
}
