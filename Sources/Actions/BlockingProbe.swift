import Foundation

/// Runs a blocking probe on a thread of its own and awaits it. Probes block in `poll` and
/// `waitpid`; doing that on the cooperative pool (two threads on a two-core node) would stall the
/// whole agent, gossip included. Cancelling the awaiting task sets the probe's `CancelFlag`.
enum BlockingProbe {
    static func run(timeout: Duration,
                    _ work: @escaping @Sendable (ProbeDeadline) -> ProbeResult) async -> ProbeResult {
        let flag = CancelFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
                let deadline = ProbeDeadline(timeout: timeout, cancel: flag)
                let thread = Thread {
                    continuation.resume(returning: work(deadline))
                }
                thread.name = "nodeagent-probe"
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
